package dev.portcullis.contract.oauth;

/**
 * An OAuth error raised by protocol code: the error value, a description that is safe to
 * return to the caller, and an optional detail that goes to the log only.
 *
 * <p>Stack traces are not captured: these are expected outcomes of bad input, not bugs,
 * and they are thrown on hot paths.
 */
public final class OAuthException extends RuntimeException {
    private final OAuthError error;
    private final String description;
    private final String logDetail;
    private final long retryAfterSeconds;

    public OAuthException(OAuthError error, String description) {
        this(error, description, null, 0);
    }

    private OAuthException(OAuthError error, String description, String logDetail, long retryAfterSeconds) {
        super(error.code() + (description == null ? "" : ": " + description), null, false, false);
        this.error = error;
        this.description = description;
        this.logDetail = logDetail;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The same error with a detail for the log, never sent to the caller. */
    public OAuthException withLogDetail(String detail) {
        return new OAuthException(error, description, detail, retryAfterSeconds);
    }

    /**
     * The same error answered with {@code Retry-After} (RFC 9110 §10.2.3) in whole seconds, at
     * least one: when the caller may try again (a rate limit, RFC 6585 §4).
     */
    public OAuthException withRetryAfter(java.time.Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return new OAuthException(error, description, logDetail, seconds);
    }

    public OAuthError error() {
        return error;
    }

    public String description() {
        return description;
    }

    public String logDetail() {
        return logDetail;
    }

    /** Seconds for {@code Retry-After}, or 0 when the answer carries none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
