package dev.portcullis.deploy;

import static dev.portcullis.deploy.Overlays.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The NetworkPolicies of every overlay against the call graph (DESIGN "Services"): who may call whom, who reaches PostgreSQL and Redis.
 */
@DisplayName("NetworkPolicies follow the call graph")
class NetworkPolicyManifestsTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.portcullis.deploy.Overlays#rendered")
    void whenNoPolicyAllowsTrafficThenItIsDenied(RenderedOverlay o) {
        var deny = o.networkPolicies().stream().filter(p -> p.getSpec().getPodSelector().getMatchLabels() == null
                || p.getSpec().getPodSelector().getMatchLabels().isEmpty())
                .filter(p -> p.getSpec().getPodSelector().getMatchExpressions() == null || p.getSpec().getPodSelector().getMatchExpressions().isEmpty())
                .filter(p -> p.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress")))
                .filter(p -> p.getSpec().getIngress().isEmpty() && p.getSpec().getEgress().isEmpty())
                .toList();
        assertEquals(1, deny.size(), o + ": one default-deny policy for every pod of the namespace");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.portcullis.deploy.Overlays#rendered")
    void whenAServiceIsReachedThenOnlyTheIngressControllerPrometheusAndItsCallersGetIn(RenderedOverlay o) {
        for (PortcullisService s : PortcullisService.values()) {
            Set<String> callers = new TreeSet<>();
            Set<String> namespaces = new TreeSet<>();
            for (var policy : NetworkPolicyRules.selecting(o, s.module(), "Ingress")) {
                for (var rule : policy.getSpec().getIngress()) {
                    assertFalse(rule.getFrom() == null || rule.getFrom().isEmpty(), policy.getMetadata().getName() + ": every ingress rule names its sources");
                    assertEquals(List.of(s.port()), rule.getPorts().stream().map(p -> p.getPort().getIntVal()).toList(),
                            policy.getMetadata().getName() + ": only the service port is opened");
                    for (var peer : rule.getFrom()) {
                        assertEquals(null, peer.getIpBlock(), "no address ranges");
                        if (peer.getNamespaceSelector() != null) {
                            namespaces.add(NetworkPolicyRules.describe(peer));
                        } else {
                            callers.addAll(NetworkPolicyRules.apps(peer.getPodSelector()));
                        }
                    }
                }
            }
            Set<String> expectedCallers = s.callers().stream().map(PortcullisService::module).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(expectedCallers, callers, o + ": who may call " + s.module());
            Set<String> expectedNamespaces = new TreeSet<>(Set.of(
                    "namespace ingress-nginx pods ingress-nginx", "namespace monitoring pods prometheus"));
            if (s == PortcullisService.REVOCATION) {
                expectedNamespaces.add("namespaces labelled portcullis.dev/introspection=allowed");
            }
            assertEquals(expectedNamespaces, namespaces, o + ": other namespaces reaching " + s.module());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.portcullis.deploy.Overlays#rendered")
    void whenAServiceCallsOutThenOnlyItsCalleesItsDataStoresAndDnsAreReachable(RenderedOverlay o) {
        for (PortcullisService s : PortcullisService.values()) {
            Set<String> callees = new TreeSet<>();
            Set<String> other = new TreeSet<>();
            for (var policy : NetworkPolicyRules.selecting(o, s.module(), "Egress")) {
                for (var rule : policy.getSpec().getEgress()) {
                    assertFalse(rule.getTo() == null || rule.getTo().isEmpty(), policy.getMetadata().getName() + ": every egress rule names its targets");
                    for (var peer : rule.getTo()) {
                        Set<String> apps = peer.getNamespaceSelector() == null ? NetworkPolicyRules.apps(peer.getPodSelector()) : Set.of();
                        if (!apps.isEmpty()) {
                            callees.addAll(apps);
                            for (String callee : apps) {
                                assertEquals(List.of(PortcullisService.byModule(callee).port()),
                                        rule.getPorts().stream().map(p -> p.getPort().getIntVal()).toList(), s.module() + " -> " + callee);
                            }
                        } else {
                            other.add(NetworkPolicyRules.describe(peer));
                        }
                    }
                }
            }
            Set<String> expected = s.callees().stream().map(PortcullisService::module).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(expected, callees, o + ": what " + s.module() + " may call");
            assertTrue(other.contains("namespace kube-system pods kube-dns"), s.module() + " resolves names");
            assertEquals(s.ownsDatabase(), other.contains("pods with portcullis.dev/role=postgresql"),
                    o + ": " + s.module() + " reaches PostgreSQL only if it owns a schema: " + other);
            assertTrue(other.contains("pods with portcullis.dev/role=redis") || other.contains("namespace redis pods redis"),
                    o + ": " + s.module() + " reaches Redis: " + other);
            // Only client-registry fetches keys from the internet (jwks_uri of private_key_jwt clients, RFC 7523).
            assertEquals(s == PortcullisService.CLIENT_REGISTRY,
                    other.contains("addresses 0.0.0.0/0 except [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 169.254.0.0/16]"),
                    o + ": " + s.module() + " internet egress: " + other);
            assertTrue(other.stream().allMatch(d -> !d.startsWith("addresses") || d.contains("except [10.0.0.0/8")),
                    o + ": no egress to the cluster's private ranges by address: " + other);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.portcullis.deploy.Overlays#rendered")
    void whenPostgresqlOrRedisRunInTheNamespaceThenOnlyTheirOwnersGetIn(RenderedOverlay o) {
        Set<String> owners = java.util.Arrays.stream(PortcullisService.values()).filter(PortcullisService::ownsDatabase)
                .map(PortcullisService::module).collect(Collectors.toCollection(TreeSet::new));
        Set<String> all = java.util.Arrays.stream(PortcullisService.values()).map(PortcullisService::module)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(owners, NetworkPolicyRules.appsAdmittedTo(o, "portcullis.dev/role", "postgresql", 5432), o + ": PostgreSQL");
        boolean redisInNamespace = o.all(StatefulSet.class).stream()
                .anyMatch(st -> "redis".equals(st.getSpec().getTemplate().getMetadata().getLabels().get("portcullis.dev/role")));
        if (redisInNamespace) {
            assertEquals(all, NetworkPolicyRules.appsAdmittedTo(o, "portcullis.dev/role", "redis", 6379), o + ": Redis");
        }
        assertEquals(o.name().equals("dev"), redisInNamespace, "dev runs Redis in the namespace, production outside");
    }
}
