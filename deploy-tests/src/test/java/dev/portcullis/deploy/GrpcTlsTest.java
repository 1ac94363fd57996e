package dev.portcullis.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.testing.ServiceProcess;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The TLS settings of overlay {@code production-grpc-tls}, applied to real services: client-registry
 * serves gRPC over TLS with the overlay's certificate settings, token-service calls it with the
 * overlay's gRPC client settings, and a client_credentials grant (which authenticates the client
 * over that gRPC call) succeeds. The certificates come from a throw-away CA made with openssl;
 * plain HTTP stays on beside HTTPS only so the test can see the services are ready.
 */
@DisplayName("gRPC over TLS with the production-grpc-tls settings")
class GrpcTlsTest {
    /** The environment variables the overlay sets, as the properties they stand for. */
    private static final Map<String, String> PROPERTY_OF = Map.of(
            "QUARKUS_HTTP_SSL_CERTIFICATE_FILES", "quarkus.http.ssl.certificate.files",
            "QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES", "quarkus.http.ssl.certificate.key-files",
            "QUARKUS_HTTP_SSL_CERTIFICATE_RELOAD_PERIOD", "quarkus.http.ssl.certificate.reload-period",
            "QUARKUS_GRPC_CLIENTS_CLIENT_REGISTRY_PLAIN_TEXT", "quarkus.grpc.clients.client-registry.plain-text",
            "QUARKUS_GRPC_CLIENTS_CLIENT_REGISTRY_SSL_TRUST_STORE", "quarkus.grpc.clients.client-registry.ssl.trust-store",
            "QUARKUS_GRPC_CLIENTS_CLIENT_REGISTRY_LOAD_BALANCING_POLICY", "quarkus.grpc.clients.client-registry.load-balancing-policy",
            "QUARKUS_GRPC_CLIENTS_CLIENT_REGISTRY_NAME_RESOLVER", "quarkus.grpc.clients.client-registry.name-resolver");

    static ServiceProcess registry;
    static ServiceProcess token;
    static int registryTlsPort;

    @BeforeAll
    static void startBothWithTheOverlaysTlsSettings() {
        Path certs = certificates();
        RenderedOverlay overlay = Overlays.overlay("production-grpc-tls");
        registryTlsPort = freePort();
        Map<String, String> registryProps = properties(overlay, PortcullisService.CLIENT_REGISTRY, "QUARKUS_HTTP_SSL_", certs);
        registryProps.put("quarkus.http.ssl-port", String.valueOf(registryTlsPort));
        Map<String, String> tokenProps = properties(overlay, PortcullisService.TOKEN, "QUARKUS_GRPC_CLIENTS_CLIENT_REGISTRY_", certs);
        // The gRPC client dials the name the certificate carries, as dns:///client-registry-service-grpc does in the cluster.
        tokenProps.put("quarkus.grpc.clients.client-registry.host", "localhost");
        tokenProps.put("quarkus.grpc.clients.client-registry.port", String.valueOf(registryTlsPort));
        tokenProps.put("quarkus.grpc.clients.client-registry.test-port", String.valueOf(registryTlsPort));
        CompletableFuture<ServiceProcess> r = CompletableFuture.supplyAsync(() -> ServiceProcess.start(PortcullisService.CLIENT_REGISTRY.module(), registryProps));
        CompletableFuture<ServiceProcess> t = CompletableFuture.supplyAsync(() -> ServiceProcess.start(PortcullisService.TOKEN.module(), tokenProps));
        registry = r.join();
        token = t.join();
    }

    @AfterAll
    static void stop() {
        if (token != null) {
            token.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void whenTokenServiceAuthenticatesAClientOverGrpcWithTlsThenTheGrantSucceeds() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String clientId = "grpc-tls-" + UUID.randomUUID();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(registry.url() + "/admin/clients"))
                .header("Authorization", "Bearer test-admin-token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"client_id\":\"" + clientId + "\",\"grant_types\":[\"client_credentials\"],"
                        + "\"token_endpoint_auth_method\":\"client_secret_basic\",\"scope\":\"api\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        String secret = new ObjectMapper().readTree(created.body()).get("client_secret").asText();
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> issued = http.send(HttpRequest.newBuilder(URI.create(token.url() + "/token"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=api")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, issued.statusCode(), "client authenticated over gRPC with TLS: " + issued.body() + "\n" + token.tail());
        JsonNode body = new ObjectMapper().readTree(issued.body());
        assertTrue(body.hasNonNull("access_token"), issued.body());
    }

    private static Map<String, String> properties(RenderedOverlay overlay, PortcullisService service, String prefix, Path certs) {
        Map<String, String> properties = new HashMap<>();
        List<EnvVar> env = overlay.deployment(service).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        for (EnvVar e : env) {
            if (!e.getName().startsWith(prefix) || e.getName().equals("QUARKUS_HTTP_SSL_PORT")) {
                continue;
            }
            String property = PROPERTY_OF.get(e.getName());
            if (property == null) {
                throw new AssertionError(e.getName() + " is set by the overlay but not exercised here: add it to PROPERTY_OF");
            }
            properties.put(property, e.getValue().replace("/etc/portcullis/tls/", certs.toString() + "/"));
        }
        assertTrue(properties.size() >= 2, service.module() + " has TLS settings with prefix " + prefix + ": " + properties);
        return properties;
    }

    /** ca.crt, and tls.crt / tls.key (PKCS#8) for localhost, as cert-manager writes them into the Secret. */
    private static Path certificates() {
        Path dir = Path.of("target/tls-" + UUID.randomUUID()).toAbsolutePath();
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "1", "-subj", "/CN=portcullis-test-ca");
        openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "tls.key", "-out", "tls.csr", "-subj", "/CN=localhost");
        openssl(dir, "x509", "-req", "-in", "tls.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "tls.crt", "-days", "1", "-extfile", "san.ext");
        return dir;
    }

    private static void openssl(Path dir, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("openssl " + String.join(" ", args) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new AssertionError("openssl is needed to make test certificates: apt-get install -y openssl", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
