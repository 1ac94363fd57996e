package dev.portcullis.contract.oauth;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/**
 * The one JAX-RS mapping of {@link OAuthException}: RFC 6749 §5.2 JSON, {@code Cache-Control:
 * no-store}, {@code Pragma: no-cache}, a {@code WWW-Authenticate} challenge on every 401 and
 * on {@code insufficient_scope} (see {@link #challenge}), and {@code Retry-After} when the error
 * says when to try again. Every service that includes the contracts gets it.
 */
@Provider
public final class OAuthExceptionMapper implements ExceptionMapper<OAuthException> {
    private static final Logger LOG = Logger.getLogger(OAuthExceptionMapper.class);

    @Override
    public Response toResponse(OAuthException e) {
        if (e.logDetail() != null) {
            LOG.debugf("%s: %s", e.error().code(), e.logDetail());
        }
        return toResponse(e, null);
    }

    /** Builds the response; {@code realm} names the protection space of a Basic challenge ({@code oauth} when null). */
    public static Response toResponse(OAuthException e, String realm) {
        Response.ResponseBuilder r = Response.status(e.error().httpStatus())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Pragma", "no-cache")
                .entity(OAuthErrorBody.of(e));
        if (e.retryAfterSeconds() > 0) {
            r.header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
        }
        String challenge = challenge(e, realm);
        if (challenge != null) {
            r.header(HttpHeaders.WWW_AUTHENTICATE, challenge);
        }
        return r.build();
    }

    /**
     * The {@code WWW-Authenticate} value for an error, or null when none is due. RFC 9110 §15.5.2:
     * every 401 carries a challenge. {@code invalid_client} (RFC 6749 §5.2) names HTTP Basic, the
     * scheme a client may authenticate with, whichever method the failed attempt used
     * ({@code client_secret_post}, {@code private_key_jwt} or none at all). {@code invalid_token}
     * and {@code insufficient_scope} are Bearer challenges with {@code error} and
     * {@code error_description} (RFC 6750 §3); so is any other 401.
     */
    static String challenge(OAuthException e, String realm) {
        if (e.error() == OAuthError.INVALID_CLIENT) {
            return "Basic realm=\"" + (realm == null ? "oauth" : realm) + "\"";
        }
        if (e.error().httpStatus() != 401 && e.error() != OAuthError.INSUFFICIENT_SCOPE) {
            return null;
        }
        StringBuilder b = new StringBuilder("Bearer error=\"").append(e.error().code()).append('"');
        if (e.description() != null) {
            b.append(", error_description=\"").append(quotable(e.description())).append('"');
        }
        return b.toString();
    }

    /** RFC 6750 §3: error_description is %x20-21 / %x23-5B / %x5D-7E; anything else becomes a space or '. */
    private static String quotable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c == '"' || c == '\\' ? '\'' : c < 0x20 || c > 0x7e ? ' ' : c);
        }
        return b.toString();
    }
}
