package dev.portcullis.contract.oauth;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/**
 * The one JAX-RS mapping of {@link OAuthException}: RFC 6749 §5.2 JSON, {@code Cache-Control:
 * no-store}, {@code Pragma: no-cache}, {@code WWW-Authenticate} where RFC 6749 §5.2 or
 * RFC 6750 §3 require it, and {@code Retry-After} when the error says when to try again. Every service that includes the contracts gets it.
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

    /** Builds the response; {@code realm} is used for bearer challenges (RFC 6750 §3). */
    public static Response toResponse(OAuthException e, String realm) {
        Response.ResponseBuilder r = Response.status(e.error().httpStatus())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Pragma", "no-cache")
                .entity(OAuthErrorBody.of(e));
        if (e.retryAfterSeconds() > 0) {
            r.header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
        }
        if (e.basicAuthChallenge()) {
            r.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + (realm == null ? "oauth" : realm) + "\"");
        } else if (e.error() == OAuthError.INVALID_TOKEN || e.error() == OAuthError.INSUFFICIENT_SCOPE) {
            r.header(HttpHeaders.WWW_AUTHENTICATE, bearerChallenge(e));
        }
        return r.build();
    }

    private static String bearerChallenge(OAuthException e) {
        StringBuilder b = new StringBuilder("Bearer error=\"").append(e.error().code()).append('"');
        if (e.description() != null) {
            b.append(", error_description=\"").append(e.description().replace("\"", "'")).append('"');
        }
        return b.toString();
    }
}
