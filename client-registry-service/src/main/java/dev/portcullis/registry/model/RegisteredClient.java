package dev.portcullis.registry.model;

/**
 * A client as stored: its metadata and the server-side state that never leaves this service
 * (keyed hashes of the secret, of the previous secret during its grace period, and of the
 * RFC 7592 registration access token).
 *
 * @param secretHash HMAC of the client secret, {@code null} for public and private_key_jwt clients
 * @param previousSecretHash HMAC of the secret replaced by the last rotation, or {@code null}
 * @param previousSecretExpiresAt epoch seconds until which the previous secret is accepted
 * @param registrationTokenHash HMAC of the registration access token, {@code null} for clients
 *        created through the admin API
 * @param clientIdIssuedAt epoch seconds (RFC 7591 §3.2.1)
 * @param updatedAt epoch seconds of the last change
 */
public record RegisteredClient(
        String clientId,
        ClientMetadata metadata,
        String secretHash,
        String previousSecretHash,
        long previousSecretExpiresAt,
        String registrationTokenHash,
        long clientIdIssuedAt,
        long updatedAt) {
}
