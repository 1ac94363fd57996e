package dev.portcullis.clients;

import dev.portcullis.contract.TokenHash;
import dev.portcullis.contract.oauth.ClientAuthMethod;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.proto.client.v1.AuthenticateClientResponse;
import dev.portcullis.proto.client.v1.Client;
import dev.portcullis.proto.client.v1.ClientRegistry;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Authenticates a client at the token, revocation and introspection endpoints (RFC 6749 §2.3,
 * RFC 7523 §3) with the {@link ClientCredentials} its request carried.
 *
 * <p>A secret is checked by ClientRegistry the first time; the SHA-256 of a secret it accepted is
 * kept in the {@link ClientCache}, so a later request with the same secret is checked locally, in
 * constant time. The registry's own secret hash and its key never leave the registry. Assertions
 * ({@code private_key_jwt}) are single-use and always go to the registry. A public client
 * ({@code none}) is looked up in the {@link ClientDirectory}.
 */
@ApplicationScoped
public class ClientAuthentication {
    private static final Logger LOG = Logger.getLogger(ClientAuthentication.class);
    private static final String REFUSED = "Client authentication failed";

    private final ClientRegistry registry;
    private final ClientCache cache;
    private final ClientDirectory directory;

    @Inject
    public ClientAuthentication(@GrpcClient("client-registry") ClientRegistry registry, ClientCache cache,
            ClientDirectory directory) {
        this.registry = registry;
        this.cache = cache;
        this.directory = directory;
    }

    /**
     * Authenticates a client.
     *
     * @param expectedAudiences audiences a client assertion may carry
     * @return the enabled client
     * @throws dev.portcullis.contract.oauth.OAuthException invalid_client (401, with a Basic
     *         challenge whatever the method) when authentication fails,
     *         temporarily_unavailable when ClientRegistry cannot be asked
     */
    public Uni<Client> authenticate(ClientCredentials credentials, List<String> expectedAudiences) {
        if (credentials.method() == ClientAuthMethod.NONE) {
            return directory.find(credentials.clientId()).map(found -> {
                Client c = found.filter(Client::getEnabled).orElseThrow(() -> credentials.refused(REFUSED));
                if (!ClientAuthMethod.NONE.isRegisteredFor(c)) {
                    throw credentials.refused(REFUSED);
                }
                return c;
            });
        }
        String presentedHash = credentials.secret() == null ? null : TokenHash.of(credentials.secret());
        ClientCache.Entry e = cache.fresh(credentials.clientId());
        if (presentedHash != null && e != null && e.verifiedSecretHash() != null
                && TokenHash.constantTimeEquals(e.verifiedSecretHash(), presentedHash)
                && credentials.method().isRegisteredFor(e.client())) {
            return Uni.createFrom().item(e.client());
        }
        long generation = cache.generation();
        return registry.authenticateClient(credentials.toRequest(expectedAudiences))
                .onFailure().transform(t -> {
                    LOG.warnf("ClientRegistry.AuthenticateClient failed: %s", Status.fromThrowable(t).getCode());
                    return OAuthError.TEMPORARILY_UNAVAILABLE.exception("Client authentication is unavailable, retry later");
                })
                .map((AuthenticateClientResponse r) -> {
                    if (!r.getAuthenticated() || !r.getClient().getEnabled()) {
                        throw credentials.refused(r.getErrorDescription().isEmpty() ? REFUSED : r.getErrorDescription());
                    }
                    cache.store(generation, credentials.clientId(), r.getClient(), presentedHash);
                    return r.getClient();
                });
    }
}
