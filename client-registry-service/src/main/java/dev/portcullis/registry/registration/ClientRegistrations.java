package dev.portcullis.registry.registration;

import dev.portcullis.contract.TokenHash;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.proto.records.v1.ClientChangeNotice.Change;
import dev.portcullis.registry.change.ClientChange;
import dev.portcullis.registry.change.ClientChanges;
import dev.portcullis.registry.config.RegistryConfig;
import dev.portcullis.registry.model.ClientMetadata;
import dev.portcullis.registry.model.RegisteredClient;
import dev.portcullis.registry.secret.ClientSecrets;
import dev.portcullis.registry.store.ClientStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The life of a client, shared by dynamic registration (RFC 7591/7592) and the admin API:
 * create, replace, enable/disable, rotate the secret, delete. Each operation commits in one
 * transaction and then announces the change (cache, Redis notice, audit event).
 */
@ApplicationScoped
public final class ClientRegistrations {
    /** Client ids an administrator may choose: URL- and Basic-auth-safe, at most 128 characters. */
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._~-]{0,127}");
    /** 16 bytes = 128 bits: generated client ids are unguessable, though not secret. */
    private static final int CLIENT_ID_BYTES = 16;

    private final ClientStore store;
    private final ClientSecrets secrets;
    private final ClientChanges changes;
    private final RegistryConfig config;

    public ClientRegistrations(ClientStore store, ClientSecrets secrets, ClientChanges changes, RegistryConfig config) {
        this.store = store;
        this.secrets = secrets;
        this.changes = changes;
        this.config = config;
    }

    /**
     * A client with the credentials handed out once.
     *
     * @param clientSecret the secret in clear, or {@code null} when none was issued
     * @param registrationAccessToken the RFC 7592 token in clear, or {@code null}
     */
    public record Issued(RegisteredClient client, String clientSecret, String registrationAccessToken) {
        @Override
        public String toString() {
            return "Issued[clientId=" + client.clientId() + "]";
        }
    }

    /**
     * Registers a client.
     *
     * @param requestedId a client id chosen by an administrator, or empty for a generated one
     * @param withRegistrationToken issue an RFC 7592 registration access token
     * @param actor {@code admin} or {@code registration}, for the audit log
     */
    public Uni<Issued> create(ClientMetadata metadata, Optional<String> requestedId, boolean withRegistrationToken,
            String actor) {
        String clientId = requestedId.map(ClientRegistrations::checkClientId)
                .orElseGet(() -> TokenHash.newSecret(CLIENT_ID_BYTES));
        long now = Instant.now().getEpochSecond();
        ClientSecrets.Issued secret = metadata.tokenEndpointAuthMethod().usesSecret() ? secrets.issue() : null;
        ClientSecrets.Issued registrationToken = withRegistrationToken ? secrets.issue() : null;
        RegisteredClient client = new RegisteredClient(clientId, metadata,
                secret == null ? null : secret.hash(), null, 0,
                registrationToken == null ? null : registrationToken.hash(), now, now);
        return store.insert(client, config.registration().uniqueSoftwareId())
                .call(saved -> changes.announce(ClientChange.of(clientId, Change.CREATED, actor,
                        "registered, " + metadata.tokenEndpointAuthMethod().value())))
                .map(saved -> new Issued(saved, secret == null ? null : secret.value(),
                        registrationToken == null ? null : registrationToken.value()));
    }

    /**
     * Replaces a client's metadata (RFC 7592 §2.2). A client that moves to a secret-based
     * method gets a new secret; one that leaves them loses its secret.
     *
     * @param replacement the new metadata, computed from the current one
     * @return the client and, when one was issued, its new secret; empty when unknown
     */
    public Uni<Optional<Issued>> replace(String clientId, UnaryOperator<ClientMetadata> replacement, String actor) {
        ClientSecrets.Issued fresh = secrets.issue();
        long now = Instant.now().getEpochSecond();
        return store.update(clientId, current -> {
            ClientMetadata metadata = replacement.apply(current.metadata());
            boolean needsSecret = metadata.tokenEndpointAuthMethod().usesSecret();
            String secretHash = !needsSecret ? null : current.secretHash() == null ? fresh.hash() : current.secretHash();
            return new RegisteredClient(clientId, metadata, secretHash,
                    needsSecret ? current.previousSecretHash() : null,
                    needsSecret ? current.previousSecretExpiresAt() : 0,
                    current.registrationTokenHash(), current.clientIdIssuedAt(), Math.max(now, current.updatedAt()));
        }).call(updated -> updated.isEmpty() ? Uni.createFrom().voidItem()
                : changes.announce(ClientChange.of(clientId, Change.UPDATED, actor, "metadata replaced")))
                .map(updated -> updated.map(c -> new Issued(c, fresh.hash().equals(c.secretHash()) ? fresh.value() : null,
                        null)));
    }

    /** Enables or disables a client; a disabled client cannot authenticate or be used. */
    public Uni<Optional<RegisteredClient>> setEnabled(String clientId, boolean enabled, String actor) {
        long now = Instant.now().getEpochSecond();
        return store.update(clientId, c -> new RegisteredClient(c.clientId(), c.metadata().withEnabled(enabled),
                        c.secretHash(), c.previousSecretHash(), c.previousSecretExpiresAt(), c.registrationTokenHash(),
                        c.clientIdIssuedAt(), Math.max(now, c.updatedAt())))
                .call(updated -> updated.isEmpty() ? Uni.createFrom().voidItem()
                        : changes.announce(ClientChange.of(clientId, Change.UPDATED, actor,
                                enabled ? "enabled" : "disabled")));
    }

    /** Records that an administrator vouches for the client's name: pages stop calling it unverified. */
    public Uni<Optional<RegisteredClient>> setVerified(String clientId, boolean verified, String actor) {
        long now = Instant.now().getEpochSecond();
        return store.update(clientId, c -> new RegisteredClient(c.clientId(), c.metadata().withVerified(verified),
                        c.secretHash(), c.previousSecretHash(), c.previousSecretExpiresAt(), c.registrationTokenHash(),
                        c.clientIdIssuedAt(), Math.max(now, c.updatedAt())))
                .call(updated -> updated.isEmpty() ? Uni.createFrom().voidItem()
                        : changes.announce(ClientChange.of(clientId, Change.UPDATED, actor,
                                verified ? "verified" : "unverified")));
    }

    /**
     * Issues a new secret; the previous one stays valid for {@code oauth.registry.secret-grace-period}.
     *
     * @throws dev.portcullis.contract.oauth.OAuthException invalid_client_metadata when the
     *         client does not authenticate with a secret
     */
    public Uni<Optional<Issued>> rotateSecret(String clientId, String actor) {
        ClientSecrets.Issued fresh = secrets.issue();
        long now = Instant.now().getEpochSecond();
        long graceEnds = now + config.secretGracePeriod().toSeconds();
        return store.update(clientId, c -> {
            if (!c.metadata().tokenEndpointAuthMethod().usesSecret()) {
                throw OAuthError.INVALID_CLIENT_METADATA.exception("The client does not authenticate with a secret");
            }
            return new RegisteredClient(c.clientId(), c.metadata(), fresh.hash(), c.secretHash(), graceEnds,
                    c.registrationTokenHash(), c.clientIdIssuedAt(), Math.max(now, c.updatedAt()));
        }).call(updated -> updated.isEmpty() ? Uni.createFrom().voidItem()
                : changes.announce(ClientChange.of(clientId, Change.SECRET_ROTATED, actor,
                        "secret rotated, previous valid until " + graceEnds)))
                .map(updated -> updated.map(c -> new Issued(c, fresh.value(), null)));
    }

    /** Deletes a client; false when it did not exist. */
    public Uni<Boolean> delete(String clientId, String actor) {
        return store.delete(clientId)
                .call(deleted -> deleted ? changes.announce(ClientChange.of(clientId, Change.DELETED, actor, "deleted"))
                        : Uni.createFrom().voidItem());
    }

    private static String checkClientId(String id) {
        if (!CLIENT_ID.matcher(id).matches()) {
            throw OAuthError.INVALID_CLIENT_METADATA.exception(
                    "client_id must be 1 to 128 characters from A-Z a-z 0-9 . _ ~ -");
        }
        return id;
    }
}
