package dev.portcullis.contract.oauth;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/**
 * Anything unexpected becomes {@code server_error}: logged with its trace under a reference,
 * never echoed to the caller. JAX-RS's own exceptions (404, 405, 415...) keep their status
 * but get a JSON body without internals: {@code invalid_request}, or {@value #NOT_FOUND} for a
 * 404 (a path, or an admin API's client or user, that does not exist). A store that cannot be reached or is saturated
 * (PostgreSQL or Redis refusing or resetting connections, as during a failover; a connection
 * pool's wait queue full) is not a bug of the request: 503 {@code temporarily_unavailable} with
 * {@code Retry-After}, so clients and the gateway retry instead of reporting a server fault.
 */
@Provider
public final class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class);
    /**
     * The {@code error} member of a 404: not an OAuth code (none exists for it, so it is no
     * {@link OAuthError}) but the HTTP status by name (RFC 9110 §15.5.5), in the same JSON shape
     * as every other error answer so a caller reads one shape.
     */
    public static final String NOT_FOUND = "not_found";

    @Override
    public Response toResponse(Throwable t) {
        if (t instanceof OAuthException oauth) {
            return OAuthExceptionMapper.toResponse(oauth, null);
        }
        if (t instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            int status = web.getResponse().getStatus();
            String error = status == 404 ? NOT_FOUND : OAuthError.INVALID_REQUEST.code();
            String description = status == 404 ? "Not found"
                    : status == 405 ? "Method not allowed"
                    : status == 415 ? "Unsupported content type"
                    : status == 406 ? "Not acceptable"
                    : "Malformed request";
            Response.ResponseBuilder r = Response.status(status)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .entity(new OAuthErrorBody(error, description));
            if (status == 401) {
                // RFC 9110 §15.5.2: a 401 names how to authenticate, whoever raised it.
                String challenge = web.getResponse().getHeaderString(HttpHeaders.WWW_AUTHENTICATE);
                r.header(HttpHeaders.WWW_AUTHENTICATE, challenge == null ? "Bearer" : challenge);
            }
            return r.build();
        }
        String reference = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
        Throwable unavailable = storeUnavailable(t);
        if (unavailable != null) {
            LOG.warnf("A store is unreachable or saturated, reference %s: %s", reference, unavailable.toString());
            return Response.status(503)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .header(HttpHeaders.RETRY_AFTER, "1")
                    .entity(new OAuthErrorBody(OAuthError.TEMPORARILY_UNAVAILABLE.code(),
                            "The service is temporarily unavailable; retry shortly (reference " + reference + ")"))
                    .build();
        }
        LOG.errorf(t, "Unexpected error, reference %s", reference);
        return Response.status(500)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .entity(new OAuthErrorBody(OAuthError.SERVER_ERROR.code(),
                        "The server could not handle the request (reference " + reference + ")"))
                .build();
    }

    /**
     * The cause that says a backing store could not be reached or had no connection free, or null.
     * Other error answers (the authorization endpoint's pages) use it to answer 503 as well.
     */
    public static Throwable storeUnavailable(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            // SocketException: refused (ConnectException), or reset while a command was in flight.
            if (c instanceof java.net.SocketException
                    || c instanceof io.vertx.core.http.ConnectionPoolTooBusyException
                    || c instanceof java.nio.channels.ClosedChannelException) {
                return c;
            }
        }
        return null;
    }
}
