package dev.portcullis.contract.oauth;

/**
 * Every OAuth error code the suite answers with, and the HTTP status it carries.
 *
 * <p>Sources: RFC 6749 §4.1.2.1 (authorization endpoint) and §5.2 (token endpoint),
 * RFC 6750 §3.1 (bearer token use), RFC 7009 §2.2.1 (revocation), RFC 7591 §3.2.2
 * (dynamic registration), RFC 8707 §2 (resource indicators) and OIDC Core §3.1.2.6, as far as
 * the suite answers with them: a code enters with the feature that answers it. The status is
 * fixed per code so no throw site picks one. A resource that does not exist is no OAuth error:
 * it is JAX-RS's {@code NotFoundException} (404) or gRPC's {@code NOT_FOUND}.
 */
public enum OAuthError {
    INVALID_REQUEST("invalid_request", 400),
    /** RFC 6749 §5.2: 401, with {@code WWW-Authenticate} when the client used the Authorization header. */
    INVALID_CLIENT("invalid_client", 401),
    INVALID_GRANT("invalid_grant", 400),
    UNAUTHORIZED_CLIENT("unauthorized_client", 400),
    UNSUPPORTED_GRANT_TYPE("unsupported_grant_type", 400),
    INVALID_SCOPE("invalid_scope", 400),
    ACCESS_DENIED("access_denied", 403),
    UNSUPPORTED_RESPONSE_TYPE("unsupported_response_type", 400),
    SERVER_ERROR("server_error", 500),
    TEMPORARILY_UNAVAILABLE("temporarily_unavailable", 503),
    /** RFC 8707 §2. */
    INVALID_TARGET("invalid_target", 400),
    /** RFC 6750 §3.1. */
    INVALID_TOKEN("invalid_token", 401),
    /** RFC 6750 §3.1. */
    INSUFFICIENT_SCOPE("insufficient_scope", 403),
    /** RFC 7009 §2.2.1. */
    UNSUPPORTED_TOKEN_TYPE("unsupported_token_type", 400),
    /** RFC 7591 §3.2.2. */
    INVALID_REDIRECT_URI("invalid_redirect_uri", 400),
    /** RFC 7591 §3.2.2. */
    INVALID_CLIENT_METADATA("invalid_client_metadata", 400),
    /** OIDC Core §3.1.2.6. */
    LOGIN_REQUIRED("login_required", 400),
    /** OIDC Core §3.1.2.6. */
    CONSENT_REQUIRED("consent_required", 400),
    /** Not an OAuth code: the resource already exists (admin API: a taken client_id or username). */
    CONFLICT("conflict", 409),
    /**
     * Not an OAuth code (none exists for it): a rate limit of the caller was reached. RFC 6585 §4
     * status, answered with {@code Retry-After} (RFC 9110 §10.2.3), the code being that of most
     * identity providers that rate-limit their token endpoint.
     */
    TOO_MANY_REQUESTS("too_many_requests", 429);

    private final String code;
    private final int httpStatus;

    OAuthError(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /** The value of the {@code error} member, as written in the RFCs. */
    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The enum value for a wire code, or {@link #SERVER_ERROR} when unknown. */
    public static OAuthError fromCode(String code) {
        for (OAuthError e : values()) {
            if (e.code.equals(code)) {
                return e;
            }
        }
        return SERVER_ERROR;
    }

    /** Shorthand for {@code new OAuthException(this, description)}. */
    public OAuthException exception(String description) {
        return new OAuthException(this, description);
    }
}
