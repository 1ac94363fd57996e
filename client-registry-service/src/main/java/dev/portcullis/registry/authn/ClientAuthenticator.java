package dev.portcullis.registry.authn;

import dev.portcullis.contract.oauth.ClientAuthMethod;
import dev.portcullis.proto.client.v1.AuthenticateClientRequest;
import dev.portcullis.registry.model.RegisteredClient;
import dev.portcullis.registry.secret.ClientSecrets;
import dev.portcullis.registry.store.ClientCache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Client authentication (RFC 6749 §2.3): the method presented must be the registered one;
 * {@code client_secret_basic} / {@code client_secret_post} check the secret (or the previous
 * one during its grace period) in constant time; {@code private_key_jwt} checks the assertion
 * (RFC 7523 §3, {@link ClientAssertionVerifier}); {@code none} identifies a public client.
 * Unknown, disabled and refused clients all get the same answer. Reads the client from the
 * in-memory {@link ClientCache}: no database call for a known client.
 */
@ApplicationScoped
public final class ClientAuthenticator {
    private static final Logger LOG = Logger.getLogger(ClientAuthenticator.class);

    private final ClientCache clients;
    private final ClientSecrets secrets;
    private final ClientAssertionVerifier assertions;
    private final Event<AuthenticationAttempt> attempts;

    public ClientAuthenticator(ClientCache clients, ClientSecrets secrets, ClientAssertionVerifier assertions,
            Event<AuthenticationAttempt> attempts) {
        this.clients = clients;
        this.secrets = secrets;
        this.assertions = assertions;
        this.attempts = attempts;
    }

    /** The authenticated client, or empty when authentication fails for any reason. */
    public Uni<Optional<RegisteredClient>> authenticate(AuthenticateClientRequest request) {
        String method = ClientAuthMethod.fromValue(request.getAuthMethod()).map(ClientAuthMethod::value).orElse("unknown");
        return check(request).invoke(result -> attempts.fire(new AuthenticationAttempt(method, result.isPresent())));
    }

    private Uni<Optional<RegisteredClient>> check(AuthenticateClientRequest request) {
        Optional<ClientAuthMethod> presented = ClientAuthMethod.fromValue(request.getAuthMethod());
        if (request.getClientId().isEmpty() || presented.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return clients.find(request.getClientId()).flatMap(found -> {
            if (found.isEmpty() || !found.get().metadata().enabled()
                    || found.get().metadata().tokenEndpointAuthMethod() != presented.get()) {
                return refused(request, found.isEmpty() ? "unknown or disabled client" : "method mismatch or disabled");
            }
            RegisteredClient client = found.get();
            return switch (presented.get()) {
                case CLIENT_SECRET_BASIC, CLIENT_SECRET_POST ->
                        secrets.verify(client, request.getClientSecret(), Instant.now().getEpochSecond())
                                ? Uni.createFrom().item(found) : refused(request, "wrong secret");
                case PRIVATE_KEY_JWT -> assertions.verify(client, request.getClientAssertionType(),
                                request.getClientAssertion(), request.getExpectedAudiencesList())
                        .map(ok -> ok ? found : Optional.<RegisteredClient>empty());
                case NONE -> request.getClientSecret().isEmpty() && request.getClientAssertion().isEmpty()
                        ? Uni.createFrom().item(found) : refused(request, "credentials sent for a public client");
            };
        });
    }

    private static Uni<Optional<RegisteredClient>> refused(AuthenticateClientRequest request, String why) {
        LOG.debugf("Client authentication refused for %s (%s): %s", request.getClientId(), request.getAuthMethod(), why);
        return Uni.createFrom().item(Optional.empty());
    }
}
