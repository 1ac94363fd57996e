package dev.portcullis.authorize.api;

import dev.portcullis.authorize.authorization.AuthorizationFlow;
import dev.portcullis.authorize.request.AuthorizationParameters;
import dev.portcullis.authorize.authorization.AuthorizationValidator;
import dev.portcullis.authorize.web.CsrfToken;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The authorization endpoint (RFC 6749 §3.1, §4.1.1; OIDC Core §3.1.2.1), GET and POST.
 * Validation is {@link AuthorizationValidator}; what follows is {@link AuthorizationFlow}.
 */
@Path("/authorize")
public final class AuthorizeResource {
    private final AuthorizationValidator validator;
    private final AuthorizationFlow flow;
    private final BrowserRequest browser;
    private final AuthorizationFailures failures;

    public AuthorizeResource(AuthorizationValidator validator, AuthorizationFlow flow,
            BrowserRequest browser, AuthorizationFailures failures) {
        this.validator = validator;
        this.flow = flow;
        this.browser = browser;
        this.failures = failures;
    }

    @GET
    public Uni<Response> get(@Context UriInfo uri, @Context HttpHeaders headers) {
        return handle(uri.getQueryParameters(), headers, 302);
    }

    /** RFC 6749 §3.1: the endpoint MAY support POST; OIDC Core §3.1.2.1 requires it. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> post(MultivaluedMap<String, String> form, @Context HttpHeaders headers) {
        return handle(form, headers, 303);
    }

    private Uni<Response> handle(MultivaluedMap<String, String> raw, HttpHeaders headers, int redirectStatus) {
        CsrfToken csrf = CsrfToken.forPage(browser.csrfCookie(headers));
        return Uni.createFrom().item(() -> AuthorizationParameters.of(raw))
                .chain(validator::validate)
                .chain(request -> browser.session(headers)
                        .chain(session -> flow.proceed(request, session, csrf, redirectStatus)))
                .onFailure().recoverWithItem(t -> failures.response(t, redirectStatus));
    }
}
