package dev.portcullis.authorize.api;

import dev.portcullis.authorize.authorization.AuthorizationResponder;
import dev.portcullis.authorize.authorization.RedirectedError;
import dev.portcullis.authorize.authorization.UntrustedRedirectException;
import dev.portcullis.authorize.web.Pages;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthException;
import dev.portcullis.contract.oauth.UnexpectedExceptionMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

/**
 * How the authorization and consent endpoints answer a failure: RFC 6749 §4.1.2.1 errors after
 * the redirect URI is trusted go to the client; everything else is a page shown to the person,
 * never a redirect. A store that cannot be reached (Redis failing over) is a 503 page with
 * {@code Retry-After}; other unexpected failures are logged under a reference, never shown.
 */
@ApplicationScoped
public final class AuthorizationFailures {
    private static final Logger LOG = Logger.getLogger(AuthorizationFailures.class);

    private final AuthorizationResponder responder;
    private final Pages pages;

    public AuthorizationFailures(AuthorizationResponder responder, Pages pages) {
        this.responder = responder;
        this.pages = pages;
    }

    /** Errors before the redirect URI is trusted are pages; after, they go to the client. */
    public Response response(Throwable t, int redirectStatus) {
        if (t instanceof RedirectedError r) {
            return responder.error(r.target(), r.error(), redirectStatus);
        }
        if (t instanceof UntrustedRedirectException u) {
            LOG.debugf("Authorization request shown as an error page: %s", u.getMessage());
            return pages.message(400, pages.messages().error_title(), pages.messages().error_text(), u.error().code());
        }
        if (t instanceof OAuthException o) {
            LOG.debugf("Authorization request failed: %s", o.getMessage());
            return pages.message(o.error().httpStatus(), pages.messages().error_title(), pages.messages().error_text(), o.error().code());
        }
        String reference = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
        Throwable unavailable = UnexpectedExceptionMapper.storeUnavailable(t);
        if (unavailable != null) {
            // Redis or PostgreSQL unreachable (a failover in progress): retry shortly, not a fault.
            LOG.warnf("A store is unreachable at the authorization endpoint, reference %s: %s", reference, unavailable);
            return Response.fromResponse(pages.message(503, pages.messages().error_title(), pages.messages().error_text(),
                    OAuthError.TEMPORARILY_UNAVAILABLE.code() + " " + reference)).header(HttpHeaders.RETRY_AFTER, "1").build();
        }
        LOG.errorf(t, "Unexpected error at the authorization endpoint, reference %s", reference);
        return pages.message(500, pages.messages().error_title(), pages.messages().error_text(), "server_error " + reference);
    }
}
