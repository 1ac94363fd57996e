package dev.portcullis.deploy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What platform teams rely on in {@code deploy/k8s} (issue "production-grade Kubernetes
 * deployment"), checked on every overlay exactly as {@code kubectl kustomize} renders it.
 */
@DisplayName("Kubernetes manifests, as each overlay renders them")
class KubernetesManifestsTest {
    static final List<String> OVERLAYS = List.of("dev", "production", "production-grpc-tls");
    private static final Map<String, RenderedOverlay> RENDERED = new ConcurrentHashMap<>();
    private static final String HASH_SUFFIX = "-[a-z0-9]{10}$";

    static Stream<RenderedOverlay> overlays() {
        return OVERLAYS.stream().map(KubernetesManifestsTest::overlay);
    }

    static RenderedOverlay overlay(String name) {
        return RENDERED.computeIfAbsent(name, RenderedOverlay::of);
    }

    static Container container(Deployment d) {
        List<Container> containers = d.getSpec().getTemplate().getSpec().getContainers();
        assertEquals(1, containers.size(), d.getMetadata().getName() + " runs one container");
        return containers.get(0);
    }

    /** Every environment variable a container gets: its env entries, then its ConfigMaps (envFrom). */
    static Map<String, String> environment(RenderedOverlay o, Container c) {
        Map<String, String> env = new java.util.HashMap<>();
        for (var from : c.getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                ConfigMap cm = o.get(ConfigMap.class, from.getConfigMapRef().getName());
                env.putAll(cm.getData());
            }
        }
        for (EnvVar e : c.getEnv()) {
            if (e.getValue() != null) {
                env.put(e.getName(), e.getValue());
            }
        }
        return env;
    }

    static Duration isoDuration(String value) {
        return Duration.parse(value.trim());
    }

    @Nested
    @DisplayName("Every Deployment")
    class EveryDeployment {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.portcullis.deploy.KubernetesManifestsTest#overlays")
        void whenProbedThenStartupReadinessAndLivenessUseTheQuarkusHealthPathsOnTheServicePort(RenderedOverlay o) {
            for (PortcullisService s : PortcullisService.values()) {
                Container c = container(o.deployment(s));
                assertAll(s.module(),
                        () -> assertProbe(c, c.getStartupProbe(), "/q/health/started"),
                        () -> assertProbe(c, c.getReadinessProbe(), "/q/health/ready"),
                        () -> assertProbe(c, c.getLivenessProbe(), "/q/health/live"));
            }
        }

        private void assertProbe(Container c, Probe probe, String path) {
            assertNotNull(probe, c.getName() + " has a probe for " + path);
            HTTPGetAction get = probe.getHttpGet();
            assertNotNull(get, c.getName() + " probes " + path + " over HTTP");
            assertEquals(path, get.getPath(), c.getName());
            assertEquals(c.getPorts().get(0).getContainerPort(), portNumber(c, get.getPort()), c.getName() + " probes its own port");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.portcullis.deploy.KubernetesManifestsTest#overlays")
        void whenDeployedThenTheContainerPortIsTheServicesQuarkusHttpPort(RenderedOverlay o) {
            for (PortcullisService s : PortcullisService.values()) {
                Container c = container(o.deployment(s));
                assertEquals(1, c.getPorts().size(), s.module() + ": HTTP and gRPC share one port");
                assertEquals(s.port(), c.getPorts().get(0).getContainerPort(),
                        s.module() + " listens on quarkus.http.port of its application.properties");
                assertEquals("http", c.getPorts().get(0).getName(), s.module());
                assertFalse(environment(o, c).containsKey("QUARKUS_HTTP_PORT"), s.module() + " keeps its configured port");
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.portcullis.deploy.KubernetesManifestsTest#overlays")
        void whenScheduledThenCpuAndMemoryHaveRequestsAndLimitsAndLimitsCoverRequests(RenderedOverlay o) {
            for (PortcullisService s : PortcullisService.values()) {
                var resources = container(o.deployment(s)).getResources();
                for (String r : List.of("cpu", "memory")) {
                    Quantity request = resources.getRequests().get(r);
                    Quantity limit = resources.getLimits().get(r);
                    assertNotNull(request, s.module() + " requests " + r);
                    assertNotNull(limit, s.module() + " limits " + r);
                    assertTrue(limit.getNumericalAmount().compareTo(request.getNumericalAmount()) >= 0,
                            s.module() + ": " + r + " limit " + limit + " >= request " + request);
                }
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.portcullis.deploy.KubernetesManifestsTest#overlays")
        void whenRunningThenNonRootReadOnlyRootFilesystemNoEscalationNoCapabilitiesAndRuntimeDefaultSeccomp(RenderedOverlay o) {
            for (PortcullisService s : PortcullisService.values()) {
                PodSpec pod = o.deployment(s).getSpec().getTemplate().getSpec();
                Container c = container(o.deployment(s));
                var podSc = pod.getSecurityContext();
                var sc = c.getSecurityContext();
                assertAll(s.module(),
                        () -> assertEquals(Boolean.TRUE, podSc.getRunAsNonRoot()),
                        () -> assertTrue(podSc.getRunAsUser() != null && podSc.getRunAsUser() > 0, "numeric non-root uid"),
                        () -> assertEquals("RuntimeDefault", podSc.getSeccompProfile().getType()),
                        () -> assertEquals(Boolean.TRUE, sc.getRunAsNonRoot()),
                        () -> assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem()),
                        () -> assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation()),
                        () -> assertEquals(List.of("ALL"), sc.getCapabilities().getDrop()),
                        () -> assertTrue(sc.getCapabilities().getAdd() == null || sc.getCapabilities().getAdd().isEmpty()),
                        () -> assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken(), "no Kubernetes API token"),
                        () -> {
                            var tmp = c.getVolumeMounts().stream().filter(m -> "/tmp".equals(m.getMountPath())).findFirst()
                                    .orElseThrow(() -> new AssertionError("a writable /tmp"));
                            var volume = pod.getVolumes().stream().filter(v -> v.getName().equals(tmp.getName())).findFirst().orElseThrow();
                            assertNotNull(volume.getEmptyDir(), "/tmp is an emptyDir");
                        });
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.portcullis.deploy.KubernetesManifestsTest#overlays")
        void whenStoppedThenTheGracePeriodCoversPreStopShutdownDelayAndQuarkusShutdownTimeout(RenderedOverlay o) {
            for (PortcullisService s : PortcullisService.values()) {
                Deployment d = o.deployment(s);
                Container c = container(d);
                Map<String, String> env = environment(o, c);
                Duration configured = isoDuration(s.properties().getProperty("quarkus.shutdown.timeout"));
                Duration timeout = isoDuration(env.getOrDefault("QUARKUS_SHUTDOWN_TIMEOUT", configured.toString()));
                Duration delay = isoDuration(env.getOrDefault("QUARKUS_SHUTDOWN_DELAY", "PT0S"));
                assertEquals(configured, timeout, s.module() + ": the manifest and application.properties agree on quarkus.shutdown.timeout");
                var preStop = c.getLifecycle().getPreStop();
                assertNotNull(preStop.getSleep(), s.module() + " sleeps in preStop while endpoints drop the pod (no shell needed)");
                long preStopSeconds = preStop.getSleep().getSeconds();
                assertTrue(preStopSeconds >= 3, s.module() + ": preStop long enough for endpoint removal to propagate");
                long grace = d.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
                assertTrue(grace > preStopSeconds + delay.toSeconds() + timeout.toSeconds(),
                        s.module() + ": terminationGracePeriodSeconds " + grace + " > preStop " + preStopSeconds
                                + " + shutdown delay " + delay.toSeconds() + " + shutdown timeout " + timeout.toSeconds());
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.portcullis.deploy.KubernetesManifestsTest#overlays")
        void whenScheduledThenPodsSpreadAcrossZonesAndNodes(RenderedOverlay o) {
            for (PortcullisService s : PortcullisService.values()) {
                var constraints = o.deployment(s).getSpec().getTemplate().getSpec().getTopologySpreadConstraints();
                Set<String> keys = constraints.stream().map(t -> t.getTopologyKey()).collect(Collectors.toSet());
                assertEquals(Set.of("topology.kubernetes.io/zone", "kubernetes.io/hostname"), keys, s.module());
                for (var t : constraints) {
                    assertEquals(s.module(), t.getLabelSelector().getMatchLabels().get("app.kubernetes.io/name"), s.module());
                }
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.portcullis.deploy.KubernetesManifestsTest#overlays")
        void whenCallingAnotherServiceOverGrpcThenEveryPodOfItsHeadlessServiceIsUsedRoundRobin(RenderedOverlay o) {
            for (PortcullisService s : PortcullisService.values()) {
                Map<String, String> env = environment(o, container(o.deployment(s)));
                for (var client : s.grpcClients().entrySet()) {
                    String var = client.getKey().toUpperCase().replace('-', '_');
                    PortcullisService server = client.getValue();
                    String where = s.module() + " gRPC client " + client.getKey();
                    assertTrue(String.valueOf(s.properties().getProperty("quarkus.grpc.clients." + client.getKey() + ".host"))
                            .contains("${PORTCULLIS_" + var + "_HOST"), where + ": application.properties reads PORTCULLIS_" + var + "_HOST");
                    assertEquals(server.module() + "-grpc", env.get("PORTCULLIS_" + var + "_HOST"), where);
                    assertEquals(String.valueOf(server.port()), env.get("PORTCULLIS_" + var + "_PORT"), where);
                    assertEquals("round_robin", env.get("QUARKUS_GRPC_CLIENTS_" + var + "_LOAD_BALANCING_POLICY"), where);
                    assertEquals("dns", env.get("QUARKUS_GRPC_CLIENTS_" + var + "_NAME_RESOLVER"), where);
                    Service headless = o.get(Service.class, server.module() + "-grpc");
                    assertEquals("None", headless.getSpec().getClusterIP(), where + ": the gRPC Service is headless");
                    assertTrue(s.callees().contains(server), where + " is an edge of the call graph");
                }
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.portcullis.deploy.KubernetesManifestsTest#overlays")
        void whenConfiguredThenTheIssuerIsHttpsOnTheIngressHost(RenderedOverlay o) {
            Set<String> hosts = o.ingresses().stream().flatMap(i -> i.getSpec().getRules().stream()).map(IngressRule::getHost)
                    .collect(Collectors.toSet());
            for (PortcullisService s : PortcullisService.values()) {
                String issuer = environment(o, container(o.deployment(s))).get("PORTCULLIS_ISSUER");
                assertNotNull(issuer, s.module() + " gets PORTCULLIS_ISSUER");
                assertTrue(issuer.startsWith("https://"), s.module() + ": the issuer is https (" + issuer + ")");
                assertTrue(hosts.contains(issuer.substring("https://".length())), s.module() + ": issuer " + issuer + " is served by the Ingress " + hosts);
            }
        }
    }

    @Nested
    @DisplayName("Services, autoscaling and disruption budgets")
    class ServicesAndScaling {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.portcullis.deploy.KubernetesManifestsTest#overlays")
        void whenRoutingThenAnHttpServiceAndAHeadlessGrpcServiceSelectTheDeploymentsPods(RenderedOverlay o) {
            for (PortcullisService s : PortcullisService.values()) {
                Map<String, String> podLabels = o.deployment(s).getSpec().getTemplate().getMetadata().getLabels();
                Service http = o.get(Service.class, s.module());
                Service grpc = o.get(Service.class, s.module() + "-grpc");
                for (Service svc : List.of(http, grpc)) {
                    assertTrue(podLabels.entrySet().containsAll(svc.getSpec().getSelector().entrySet()),
                            svc.getMetadata().getName() + " selects the pods of " + s.module());
                    ServicePort port = svc.getSpec().getPorts().get(0);
                    assertEquals(s.port(), port.getPort(), svc.getMetadata().getName());
                    assertEquals(s.port(), portNumber(container(o.deployment(s)), port.getTargetPort()), svc.getMetadata().getName());
                }
                assertEquals("None", grpc.getSpec().getClusterIP(), s.module() + "-grpc is headless");
                assertFalse("None".equals(http.getSpec().getClusterIP()), s.module() + " has a virtual IP for the Ingress");
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.portcullis.deploy.KubernetesManifestsTest#overlays")
        void whenLoadGrowsThenAnAutoscalerOnCpuScalesTheDeploymentAndABudgetLimitsVoluntaryDisruptions(RenderedOverlay o) {
            for (PortcullisService s : PortcullisService.values()) {
                HorizontalPodAutoscaler hpa = o.hpa(s);
                assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind(), s.module());
                assertEquals(s.module(), hpa.getSpec().getScaleTargetRef().getName(), s.module());
                assertTrue(hpa.getSpec().getMinReplicas() >= 1 && hpa.getSpec().getMaxReplicas() >= hpa.getSpec().getMinReplicas(), s.module());
                assertTrue(hpa.getSpec().getMetrics().stream().anyMatch(m -> m.getResource() != null && "cpu".equals(m.getResource().getName())),
                        s.module() + " scales on CPU");
                assertEquals(null, o.deployment(s).getSpec().getReplicas(), s.module() + ": the autoscaler owns the replica count");
                PodDisruptionBudget pdb = o.pdb(s);
                assertEquals(Map.of("app.kubernetes.io/name", s.module()), pdb.getSpec().getSelector().getMatchLabels(), s.module());
                assertEquals(new IntOrString(1), pdb.getSpec().getMaxUnavailable(), s.module() + ": one pod at a time");
            }
        }

        @Test
        void whenInProductionThenEveryServiceRunsInAtLeastThreeReplicasWithMoreThanDev() {
            for (PortcullisService s : PortcullisService.values()) {
                int prod = overlay("production").hpa(s).getSpec().getMinReplicas();
                int dev = overlay("dev").hpa(s).getSpec().getMinReplicas();
                assertTrue(prod >= 3 && prod > dev, s.module() + ": production min " + prod + ", dev min " + dev);
                var zone = overlay("production").deployment(s).getSpec().getTemplate().getSpec().getTopologySpreadConstraints().stream()
                        .filter(t -> t.getTopologyKey().equals("topology.kubernetes.io/zone")).findFirst().orElseThrow();
                assertEquals("DoNotSchedule", zone.getWhenUnsatisfiable(), s.module() + ": production keeps zones balanced");
            }
        }

        @Test
        void whenInProductionThenMemoryLimitEqualsRequestAndCpuBurstIsAtMostTwice() {
            for (PortcullisService s : PortcullisService.values()) {
                var r = container(overlay("production").deployment(s)).getResources();
                assertEquals(r.getRequests().get("memory").getNumericalAmount(), r.getLimits().get("memory").getNumericalAmount(), s.module());
                assertTrue(r.getLimits().get("cpu").getNumericalAmount()
                        .compareTo(r.getRequests().get("cpu").getNumericalAmount().multiply(java.math.BigDecimal.valueOf(2))) <= 0, s.module());
            }
        }

        @Test
        void whenInProductionThenImagesComeFromARegistryWithAnExplicitTag() {
            for (PortcullisService s : PortcullisService.values()) {
                String image = container(overlay("production").deployment(s)).getImage();
                assertTrue(image.matches("[a-z0-9.-]+\\.[a-z]+(:[0-9]+)?/.+/" + s.module() + ":[A-Za-z0-9._-]+"), image);
                assertFalse(image.endsWith(":latest"), image);
            }
        }
    }

    @Nested
    @DisplayName("Public Ingress (one issuer origin, RFC 8414 §2)")
    class PublicIngress {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.portcullis.deploy.KubernetesManifestsTest#overlays")
        void whenAPublicPathIsRequestedThenTheIngressRoutesItToItsOwner(RenderedOverlay o) {
            Ingress ingress = single(o);
            for (PortcullisService s : PortcullisService.values()) {
                for (String path : s.publicPaths()) {
                    assertEquals(s.module(), routeOf(ingress, path + (path.startsWith("/.well-known") ? "/openid-configuration" : "")),
                            o + ": " + path);
                }
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.portcullis.deploy.KubernetesManifestsTest#overlays")
        void whenAnAdminOrQuarkusPathIsRequestedThenTheIngressDoesNotRouteIt(RenderedOverlay o) {
            Ingress ingress = single(o);
            for (String path : List.of("/admin/clients", "/admin/users", "/q/metrics", "/q/health/ready", "/")) {
                assertEquals(null, routeOf(ingress, path), o + ": " + path + " is not public");
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.portcullis.deploy.KubernetesManifestsTest#overlays")
        void whenServedThenNginxClassTlsFromCertManagerAndBackendsExist(RenderedOverlay o) {
            Ingress ingress = single(o);
            assertEquals("nginx", ingress.getSpec().getIngressClassName());
            Map<String, String> annotations = ingress.getMetadata().getAnnotations();
            assertTrue(annotations.keySet().stream().anyMatch(k -> k.equals("cert-manager.io/cluster-issuer") || k.equals("cert-manager.io/issuer")),
                    "cert-manager issues the certificate");
            assertEquals("true", annotations.get("nginx.ingress.kubernetes.io/force-ssl-redirect"));
            Set<String> hosts = ingress.getSpec().getRules().stream().map(IngressRule::getHost).collect(Collectors.toSet());
            Set<String> tlsHosts = ingress.getSpec().getTls().stream().flatMap(t -> t.getHosts().stream()).collect(Collectors.toSet());
            assertEquals(hosts, tlsHosts, "every host has TLS");
            for (HTTPIngressPath p : paths(ingress)) {
                String backend = p.getBackend().getService().getName();
                Service svc = o.get(Service.class, backend);
                String portName = p.getBackend().getService().getPort().getName();
                assertTrue(svc.getSpec().getPorts().stream().anyMatch(sp -> Objects.equals(sp.getName(), portName)), backend + " has port " + portName);
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.portcullis.deploy.KubernetesManifestsTest#overlays")
        void whenTheLocalGatewayRoutesAPathThenTheIngressRoutesItToTheSameService(RenderedOverlay o) {
            Map<String, String> local = LocalGatewayRoutes.read();
            org.junit.jupiter.api.Assumptions.assumeFalse(local.isEmpty(), "deploy/local has no nginx routes to compare with");
            Ingress ingress = single(o);
            for (var route : local.entrySet()) {
                assertEquals(route.getValue(), routeOf(ingress, route.getKey()), o + ": the local gateway sends " + route.getKey()
                        + " to " + route.getValue());
            }
        }
    }

    @Nested
    @DisplayName("NetworkPolicies follow the call graph")
    class NetworkPolicies {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.portcullis.deploy.KubernetesManifestsTest#overlays")
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
        @MethodSource("dev.portcullis.deploy.KubernetesManifestsTest#overlays")
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
        @MethodSource("dev.portcullis.deploy.KubernetesManifestsTest#overlays")
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
        @MethodSource("dev.portcullis.deploy.KubernetesManifestsTest#overlays")
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

    @Nested
    @DisplayName("Secrets are referenced, documented, and never committed for production")
    class Secrets {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.portcullis.deploy.KubernetesManifestsTest#overlays")
        void whenAPodReadsASecretThenDeployReadmeDocumentsItsNameAndKey(RenderedOverlay o) {
            String readme = SourceTree.read(SourceTree.deploy().resolve("README.md"));
            List<String> missing = new ArrayList<>();
            for (SecretKeySelector ref : secretRefs(o)) {
                // Secrets generated by kustomize (dev) carry a content hash suffix in the render.
                boolean generated = o.find(Secret.class, ref.getName()).isPresent();
                String name = generated ? ref.getName().replaceAll(HASH_SUFFIX, "") : ref.getName();
                if (!readme.contains("`" + name + "`") || !readme.contains("`" + ref.getKey() + "`")) {
                    missing.add(name + "/" + ref.getKey());
                }
            }
            assertEquals(List.of(), missing, o + ": secrets used but not documented in deploy/README.md");
            assertFalse(secretRefs(o).isEmpty());
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.portcullis.deploy.KubernetesManifestsTest#overlays")
        void whenRenderingAnOverlayOtherThanDevThenNoSecretValueIsInTheManifests(RenderedOverlay o) {
            if (!o.name().equals("dev")) {
                assertEquals(List.of(), o.secrets().stream().map(x -> x.getMetadata().getName()).toList(),
                        o + ": Secrets are created outside git");
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.portcullis.deploy.KubernetesManifestsTest#overlays")
        void whenAPodMountsASecretThenDeployReadmeDocumentsIt(RenderedOverlay o) {
            String readme = SourceTree.read(SourceTree.deploy().resolve("README.md"));
            for (Deployment d : o.all(Deployment.class)) {
                for (var v : d.getSpec().getTemplate().getSpec().getVolumes()) {
                    if (v.getSecret() != null) {
                        assertTrue(readme.contains("`" + v.getSecret().getSecretName() + "`"), o + ": " + v.getSecret().getSecretName());
                    }
                }
            }
        }

        @Test
        void whenRenderingDevThenEveryRequiredSecretKeyExistsAndSaysItIsNotASecret() {
            RenderedOverlay dev = overlay("dev");
            for (SecretKeySelector ref : secretRefs(dev)) {
                if (Boolean.TRUE.equals(ref.getOptional())) {
                    continue;
                }
                Secret secret = dev.get(Secret.class, ref.getName());
                assertTrue(secret.getData().containsKey(ref.getKey()), ref.getName() + " has " + ref.getKey());
            }
            String kustomization = SourceTree.read(SourceTree.deploy().resolve("k8s/overlays/dev/kustomization.yaml"));
            assertTrue(kustomization.contains("DEV-ONLY"), "the dev values are marked as public");
            for (Secret secret : dev.secrets()) {
                for (var e : secret.getData().entrySet()) {
                    String value = new String(Base64.getDecoder().decode(e.getValue()), java.nio.charset.StandardCharsets.UTF_8);
                    assertTrue(value.contains("dev-only") || value.equals("portcullis") || decodesToDevOnly(value),
                            secret.getMetadata().getName() + "/" + e.getKey() + " is visibly a dev value");
                }
            }
        }

        private boolean decodesToDevOnly(String value) {
            try {
                return new String(Base64.getDecoder().decode(value), java.nio.charset.StandardCharsets.UTF_8).contains("dev-only");
            } catch (IllegalArgumentException notBase64) {
                return false;
            }
        }

        private List<SecretKeySelector> secretRefs(RenderedOverlay o) {
            List<SecretKeySelector> refs = new ArrayList<>();
            List<PodSpec> pods = new ArrayList<>();
            o.all(Deployment.class).forEach(d -> pods.add(d.getSpec().getTemplate().getSpec()));
            o.all(StatefulSet.class).forEach(st -> pods.add(st.getSpec().getTemplate().getSpec()));
            for (PodSpec pod : pods) {
                for (Container c : pod.getContainers()) {
                    for (EnvVar e : c.getEnv()) {
                        if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                            refs.add(e.getValueFrom().getSecretKeyRef());
                        }
                    }
                    c.getEnvFrom().forEach(f -> assertEquals(null, f.getSecretRef(), "secrets are read key by key, never whole"));
                }
            }
            return refs;
        }
    }

    @Nested
    @DisplayName("TLS between services (overlay production-grpc-tls)")
    class TlsBetweenServices {
        private final RenderedOverlay tls = overlay("production-grpc-tls");

        @Test
        void whenTlsIsConfiguredThenEveryServiceSpeaksOnlyHttpsOnItsPortWithACertificateForItsGrpcName() {
            var certificates = tls.custom("Certificate");
            for (PortcullisService s : PortcullisService.values()) {
                Container c = container(tls.deployment(s));
                Map<String, String> env = environment(tls, c);
                assertEquals(String.valueOf(s.port()), env.get("QUARKUS_HTTP_SSL_PORT"), s.module());
                assertEquals("disabled", env.get("QUARKUS_HTTP_INSECURE_REQUESTS"), s.module() + ": no plain HTTP left");
                for (Probe probe : List.of(c.getStartupProbe(), c.getReadinessProbe(), c.getLivenessProbe())) {
                    assertEquals("HTTPS", probe.getHttpGet().getScheme(), s.module());
                }
                var certificate = certificates.stream().filter(x -> x.getMetadata().getName().equals(s.module() + "-tls")).findFirst()
                        .orElseThrow(() -> new AssertionError("a Certificate for " + s.module()));
                @SuppressWarnings("unchecked")
                List<String> dnsNames = (List<String>) ((Map<String, Object>) certificate.getAdditionalProperties().get("spec")).get("dnsNames");
                assertTrue(dnsNames.containsAll(List.of(s.module(), s.module() + "-grpc")), s.module() + ": " + dnsNames);
            }
            assertEquals("HTTPS", single(tls).getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/backend-protocol"));
        }

        @Test
        void whenTlsIsConfiguredThenEveryGrpcClientVerifiesItsCalleeAgainstTheInternalCa() {
            for (PortcullisService s : PortcullisService.values()) {
                Map<String, String> env = environment(tls, container(tls.deployment(s)));
                for (String client : s.grpcClients().keySet()) {
                    String var = client.toUpperCase().replace('-', '_');
                    assertEquals("false", env.get("QUARKUS_GRPC_CLIENTS_" + var + "_PLAIN_TEXT"), s.module() + " -> " + client);
                    assertEquals("/etc/portcullis/tls/ca.crt", env.get("QUARKUS_GRPC_CLIENTS_" + var + "_SSL_TRUST_STORE"), s.module() + " -> " + client);
                }
            }
            assertTrue(environment(tls, container(tls.deployment(PortcullisService.REVOCATION))).get("PORTCULLIS_JWKS_URL").startsWith("https://"));
        }
    }

    static Ingress single(RenderedOverlay o) {
        assertEquals(1, o.ingresses().size(), o + ": one Ingress, one issuer origin");
        return o.ingresses().get(0);
    }

    static List<HTTPIngressPath> paths(Ingress ingress) {
        return ingress.getSpec().getRules().stream().flatMap(r -> r.getHttp().getPaths().stream()).toList();
    }

    /** The Service the Ingress sends {@code path} to (Prefix: element-wise, Exact: equal), or null. */
    static String routeOf(Ingress ingress, String path) {
        HTTPIngressPath best = null;
        for (HTTPIngressPath p : paths(ingress)) {
            boolean matches = switch (p.getPathType()) {
                case "Exact" -> p.getPath().equals(path);
                case "Prefix" -> p.getPath().equals("/") || path.equals(p.getPath()) || path.startsWith(p.getPath().endsWith("/") ? p.getPath() : p.getPath() + "/");
                default -> fail("pathType " + p.getPathType() + " is implementation-specific: use Prefix or Exact");
            };
            if (matches && (best == null || p.getPath().length() > best.getPath().length())) {
                best = p;
            }
        }
        return best == null ? null : best.getBackend().getService().getName();
    }

    static int portNumber(Container c, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return c.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " has no port named " + port.getStrVal())).getContainerPort();
    }

    static Set<String> set(String... values) {
        return new HashSet<>(List.of(values));
    }
}
