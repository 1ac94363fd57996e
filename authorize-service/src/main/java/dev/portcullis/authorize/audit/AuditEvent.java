package dev.portcullis.authorize.audit;

/**
 * Something an operator must be able to reconstruct later: a login, a consent, a logout or an
 * admin change. Fired as a CDI event by the code that decides; never carries a password, code,
 * token or session id.
 *
 * @param type what happened
 * @param subject the user's {@code sub}, or null when unknown
 * @param clientId the client involved, or null
 * @param reason a short machine-readable reason for refusals (e.g. {@code bad_credentials})
 */
public record AuditEvent(Type type, String subject, String clientId, String reason) {

    public enum Type {
        LOGIN_SUCCEEDED, LOGIN_FAILED, LOGIN_RATE_LIMITED,
        CONSENT_GRANTED, CONSENT_DENIED, CONSENT_WITHDRAWN,
        AUTHORIZATION_CODE_ISSUED, TOKENS_ISSUED_IMPLICIT,
        LOGOUT,
        USER_CREATED, USER_UPDATED, USER_DISABLED, USER_DELETED, PASSWORD_SET
    }

    public static AuditEvent of(Type type, String subject, String clientId) {
        return new AuditEvent(type, subject, clientId, null);
    }
}
