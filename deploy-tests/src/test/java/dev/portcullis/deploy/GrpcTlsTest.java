package dev.portcullis.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * The TLS settings of overlay {@code production-grpc-tls}, applied to real services with the very
 * environment variables the overlay sets: client-registry serves gRPC over TLS with the
 * overlay's certificate settings, token-service calls it with the overlay's gRPC client settings
 * (plus host and port, as in the cluster), and a client_credentials grant, which authenticates
 * the client over that gRPC call, succeeds. The certificates come from a throw-away CA made with
 * openssl and replace the mounted Secret's files. Plain HTTP stays on beside HTTPS (the
 * overlay's QUARKUS_HTTP_INSECURE_REQUESTS=disabled is left out) so the test sees the services
 * become ready and can use the admin API.
 */
@DisplayName("gRPC over TLS with the production-grpc-tls settings")
class GrpcTlsTest {
    static ConfiguredService registry;
    static ConfiguredService token;

    @BeforeAll
    static void startBothWithTheOverlaysTlsSettings() {
        Path certs = certificates();
        RenderedOverlay overlay = Overlays.overlay("production-grpc-tls");
        int registryTlsPort = freePort();
        Map<String, String> registryEnv = environment(overlay, PortcullisService.CLIENT_REGISTRY, "QUARKUS_HTTP_SSL_", certs);
        registryEnv.put("QUARKUS_HTTP_SSL_PORT", String.valueOf(registryTlsPort));
        Map<String, String> tokenEnv = environment(overlay, PortcullisService.TOKEN, "QUARKUS_GRPC_CLIENTS_CLIENT_REGISTRY_", certs);
        // The gRPC client dials a name the certificate carries, as dns:///client-registry-service-grpc does in the cluster.
        tokenEnv.put("PORTCULLIS_CLIENT_REGISTRY_HOST", "localhost");
        tokenEnv.put("PORTCULLIS_CLIENT_REGISTRY_PORT", String.valueOf(registryTlsPort));
        tokenEnv.put("QUARKUS_GRPC_CLIENTS_CLIENT_REGISTRY_TEST_PORT", String.valueOf(registryTlsPort));
        CompletableFuture<ConfiguredService> r = CompletableFuture.supplyAsync(() -> ConfiguredService.start(PortcullisService.CLIENT_REGISTRY, registryEnv));
        CompletableFuture<ConfiguredService> t = CompletableFuture.supplyAsync(() -> ConfiguredService.start(PortcullisService.TOKEN, tokenEnv));
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

    /** The overlay's variables with {@code prefix} for {@code service}, with the certificate paths pointing at {@code certs}. */
    private static Map<String, String> environment(RenderedOverlay overlay, PortcullisService service, String prefix, Path certs) {
        Map<String, String> environment = new HashMap<>();
        List<EnvVar> env = overlay.deployment(service).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        for (EnvVar e : env) {
            if (e.getName().startsWith(prefix) && !e.getName().equals("QUARKUS_HTTP_SSL_PORT")) {
                environment.put(e.getName(), e.getValue().replace("/etc/portcullis/tls/", certs.toString() + "/"));
            }
        }
        assertTrue(environment.size() >= 2, service.module() + " has TLS settings with prefix " + prefix + ": " + environment);
        return environment;
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
