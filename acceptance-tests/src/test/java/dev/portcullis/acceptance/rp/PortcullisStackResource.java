package dev.portcullis.acceptance.rp;

import dev.portcullis.acceptance.client.AdminApi;
import dev.portcullis.acceptance.client.RegisteredClient;
import dev.portcullis.acceptance.stack.PortcullisStack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * Starts the stack (once per run) before the Quarkus relying party boots, registers its clients,
 * and points every quarkus-oidc tenant at our issuer: nothing but {@code auth-server-url}, so
 * quarkus-oidc finds the endpoints through discovery alone. The stack is stopped when the JUnit
 * session ends, not here, because other scenarios share it.
 */
public final class PortcullisStackResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        PortcullisStack stack = PortcullisStack.get();
        AdminApi admin = new AdminApi(stack);
        int port = freePort();
        // quarkus-oidc sends the page's own URL as redirect_uri; it must be registered exactly.
        RegisteredClient web = admin.webClient("quarkus-rp", URI.create("http://localhost:" + port + "/web"), Map.of());
        RegisteredClient introspector = admin.machineClient("quarkus-rs", "client_secret_basic",
                Map.of("can_introspect", true));
        byte[] stateSecret = new byte[32];
        new SecureRandom().nextBytes(stateSecret);
        return Map.ofEntries(
                Map.entry("quarkus.http.test-port", Integer.toString(port)),
                Map.entry("quarkus.oidc.auth-server-url", stack.issuer()),
                Map.entry("quarkus.oidc.client-id", web.clientId()),
                Map.entry("quarkus.oidc.credentials.secret", web.secret()),
                Map.entry("quarkus.oidc.authentication.state-secret", HexFormat.of().formatHex(stateSecret)),
                Map.entry("quarkus.oidc.bearer.auth-server-url", stack.issuer()),
                Map.entry("quarkus.oidc.introspected.auth-server-url", stack.issuer()),
                Map.entry("quarkus.oidc.introspected.client-id", introspector.clientId()),
                Map.entry("quarkus.oidc.introspected.credentials.secret", introspector.secret()));
    }

    @Override
    public void stop() {
        // Shared with the other scenarios: StackSessionListener stops it at the end of the run.
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
