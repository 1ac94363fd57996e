package dev.portcullis.registry.secret;

import dev.portcullis.contract.TokenHash;
import dev.portcullis.registry.model.RegisteredClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Client secrets and registration access tokens: generated from a CSPRNG with 256 bits of
 * entropy, handed out once, kept only as {@link SecretHasher} digests, and checked in constant
 * time, including the previous secret during its rotation grace period.
 */
@ApplicationScoped
public final class ClientSecrets {
    /** 32 bytes = 256 bits (RFC 6749 §10.10, DESIGN "Client authentication"). */
    private static final int SECRET_BYTES = 32;

    private final SecretHasher hasher;

    public ClientSecrets(SecretHasher hasher) {
        this.hasher = hasher;
    }

    /** A new secret value with its storage form. The value is shown once and never stored. */
    public Issued issue() {
        String value = TokenHash.newSecret(SECRET_BYTES);
        return new Issued(value, hasher.hash(value));
    }

    /** Whether {@code presented} is the client's secret, or its previous one still in grace at {@code now}. */
    public boolean verify(RegisteredClient client, String presented, long now) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        boolean current = hasher.matches(presented, client.secretHash());
        boolean previous = client.previousSecretHash() != null && now < client.previousSecretExpiresAt()
                && hasher.matches(presented, client.previousSecretHash());
        return current | previous;
    }

    /** Whether {@code presented} is the client's RFC 7592 registration access token. */
    public boolean verifyRegistrationToken(RegisteredClient client, String presented) {
        return hasher.matches(presented, client.registrationTokenHash());
    }

    /** A secret value and its keyed hash. */
    public record Issued(String value, String hash) {
        @Override
        public String toString() {
            return "Issued[hash=" + hash + "]";
        }
    }
}
