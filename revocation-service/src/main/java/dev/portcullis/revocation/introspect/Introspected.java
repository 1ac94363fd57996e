package dev.portcullis.revocation.introspect;

import dev.portcullis.revocation.token.TokenKind;

/**
 * CDI event fired once per introspection, for metrics. Carries no token and no claim.
 *
 * @param cacheHit true when the answer came from the local cache
 */
public record Introspected(TokenKind kind, boolean active, boolean cacheHit) {
}
