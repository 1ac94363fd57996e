package dev.portcullis.deploy;

import static dev.portcullis.deploy.Overlays.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The public Ingress of every overlay: one issuer origin (RFC 8414 §2) routing each public path to its owner, TLS from cert-manager, nothing private exposed, the same table as the local gateway.
 */
@DisplayName("Public Ingress (one issuer origin, RFC 8414 §2)")
class IngressManifestTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.portcullis.deploy.Overlays#rendered")
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
    @MethodSource("dev.portcullis.deploy.Overlays#rendered")
    void whenAnAdminOrQuarkusPathIsRequestedThenTheIngressDoesNotRouteIt(RenderedOverlay o) {
        Ingress ingress = single(o);
        for (String path : List.of("/admin/clients", "/admin/users", "/q/metrics", "/q/health/ready", "/")) {
            assertEquals(null, routeOf(ingress, path), o + ": " + path + " is not public");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.portcullis.deploy.Overlays#rendered")
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
    @MethodSource("dev.portcullis.deploy.Overlays#rendered")
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
