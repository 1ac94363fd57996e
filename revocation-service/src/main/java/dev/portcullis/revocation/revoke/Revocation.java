package dev.portcullis.revocation.revoke;

import dev.portcullis.revocation.token.TokenKind;

/**
 * CDI event fired once per revocation request, for the audit log and metrics. Carries no
 * token: only the kind, the outcome, the caller and, for access tokens, the token id.
 *
 * @param jti the access token id when known, else null
 */
public record Revocation(String clientId, TokenKind kind, Outcome outcome, String jti) {

    public enum Outcome {
        /** The token, and what RFC 7009 §2.1 says goes with it, is revoked. */
        REVOKED("revoked"),
        /** The token belongs to another client: nothing revoked, still 200 (RFC 7009 §2.1). */
        NOT_OWNER("not_owner"),
        /** Unknown, invalid or already expired: nothing to revoke, still 200 (RFC 7009 §2.2). */
        UNKNOWN("unknown");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
