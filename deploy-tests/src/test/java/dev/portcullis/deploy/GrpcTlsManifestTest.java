package dev.portcullis.deploy;

import static dev.portcullis.deploy.Overlays.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Overlay production-grpc-tls: HTTPS-only service ports with a certificate naming each gRPC Service, and gRPC clients that verify their callee.
 */
@DisplayName("TLS between services (overlay production-grpc-tls)")
class GrpcTlsManifestTest {
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
