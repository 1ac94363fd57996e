package dev.portcullis.revocation;

import dev.portcullis.testing.ServiceProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * The real services revocation-service talks to, started from their packaged jars:
 * client-registry-service (clients, gRPC ClientRegistry) and token-service (JWT access tokens,
 * JWKS), the latter pointed at the former. Every test class uses this same resource, so the
 * application and the services start once.
 */
public final class PortcullisServices implements QuarkusTestResourceLifecycleManager {
    private ServiceProcess registry;
    private ServiceProcess token;

    @Override
    public Map<String, String> start() {
        registry = ServiceProcess.start("client-registry-service", Map.of());
        token = ServiceProcess.start("token-service", Map.of(
                "quarkus.grpc.clients.client-registry.host", "127.0.0.1",
                "quarkus.grpc.clients.client-registry.port", String.valueOf(registry.port())));
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.grpc.clients.client-registry.host", "127.0.0.1");
        config.put("quarkus.grpc.clients.client-registry.port", String.valueOf(registry.port()));
        config.put("quarkus.grpc.clients.client-registry.test-port", String.valueOf(registry.port()));
        config.put("portcullis.jwks-url", token.url() + "/jwks");
        config.put("test.client-registry.url", registry.url());
        config.put("test.token.url", token.url());
        return config;
    }

    @Override
    public void stop() {
        if (token != null) {
            token.close();
        }
        if (registry != null) {
            registry.close();
        }
    }
}
