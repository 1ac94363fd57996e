package dev.portcullis.registry.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.proto.client.v1.AuthenticateClientRequest;
import dev.portcullis.proto.client.v1.Client;
import dev.portcullis.proto.client.v1.ClientRegistry;
import dev.portcullis.proto.client.v1.GetClientRequest;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The first administrator: the bootstrap admin client is made from the environment at start,
 * takes a new secret when the environment's changes (rotation), and is switched off when the
 * environment has none.
 */
@QuarkusTest
class BootstrapAdminClientTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String ROTATED = "rotated-bootstrap-admin-secret-0123456789abcdef";

    @Inject
    BootstrapAdminClient bootstrap;

    @GrpcClient("client-registry")
    ClientRegistry registry;

    @ConfigProperty(name = "oauth.registry.bootstrap-admin.secret")
    String secret;

    private Client client() {
        return registry.getClient(GetClientRequest.newBuilder().setClientId("portcullis-admin").build()).await().atMost(WAIT);
    }

    private boolean authenticates(String presented) {
        return registry.authenticateClient(AuthenticateClientRequest.newBuilder().setClientId("portcullis-admin")
                .setAuthMethod("client_secret_basic").setClientSecret(presented).build()).await().atMost(WAIT)
                .getAuthenticated();
    }

    private void run(java.util.function.Supplier<io.smallrye.mutiny.Uni<Void>> step) throws Throwable {
        VertxContextSupport.subscribeAndAwait(step::get);
    }

    @AfterEach
    void backToTheEnvironmentsSecret() throws Throwable {
        run(() -> bootstrap.ensure(secret));
    }

    @Test
    void whenTheServiceStartedWithASecretThenTheClientHoldsEveryAdminScopeForTheAdminAudience() {
        Client c = client();
        assertTrue(c.getEnabled());
        assertEquals(List.of("client_credentials"), c.getGrantTypesList());
        assertEquals(java.util.Set.of("admin:read", "admin:clients", "admin:users", "admin:keys"),
                java.util.Set.of(c.getScope().split(" ")));
        assertEquals(List.of("http://localhost:8080/admin"), c.getDefaultAudienceList());
        assertTrue(authenticates(secret));
    }

    @Test
    void whenTheEnvironmentsSecretChangesThenOnlyTheNewOneAuthenticates() throws Throwable {
        run(() -> bootstrap.ensure(ROTATED));
        assertTrue(authenticates(ROTATED));
        assertFalse(authenticates(secret), "the old secret stops at once: no grace period");
    }

    @Test
    void whenTheSecretIsUnsetThenTheClientIsSwitchedOffAndASecretSwitchesItOnAgain() throws Throwable {
        run(() -> bootstrap.switchOff());
        assertFalse(client().getEnabled());
        assertFalse(authenticates(secret), "a disabled client cannot authenticate");
        run(() -> bootstrap.ensure(secret));
        assertTrue(client().getEnabled());
    }

    @Test
    void whenTheSecretIsTooShortThenTheServiceRefusesToStart() {
        assertThrows(IllegalStateException.class, () -> BootstrapAdminClient.checked(java.util.Optional.of("short")));
    }
}
