package dev.portcullis.revocation.introspect;

/**
 * CDI event fired once per introspection, for metrics. Carries no token and no claim.
 *
 * @param cacheHit true when the answer came from the local cache
 */
public record Introspected(TokenKind kind, boolean active, boolean cacheHit) {
}
