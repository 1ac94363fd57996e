package dev.portcullis.authorize.api;

import dev.portcullis.authorize.audit.AuditEvent;
import dev.portcullis.authorize.authorization.AuthorizationFlow;
import dev.portcullis.authorize.request.AuthorizationParameters;
import dev.portcullis.authorize.authorization.AuthorizationValidator;
import dev.portcullis.authorize.consent.ConsentStore;
import dev.portcullis.authorize.web.CsrfToken;
import dev.portcullis.authorize.web.Pages;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Event;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

/**
 * The consent decision (OIDC Core §3.1.2.4): the form of the consent page posts the
 * authorization request back with the user's decision. The request is validated again from
 * scratch, so nothing on the page can widen it; an allowed consent is remembered.
 */
@Path("/consent")
public final class ConsentResource {
    private final AuthorizationValidator validator;
    private final AuthorizationFlow flow;
    private final ConsentStore consents;
    private final BrowserRequest browser;
    private final Pages pages;
    private final AuthorizationFailures errors;
    private final Event<AuditEvent> audit;

    public ConsentResource(AuthorizationValidator validator, AuthorizationFlow flow,
            ConsentStore consents, BrowserRequest browser, Pages pages, AuthorizationFailures errors, Event<AuditEvent> audit) {
        this.validator = validator;
        this.flow = flow;
        this.consents = consents;
        this.browser = browser;
        this.pages = pages;
        this.errors = errors;
        this.audit = audit;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> decide(MultivaluedMap<String, String> form, @Context HttpHeaders headers) {
        String csrfCookie = browser.csrfCookie(headers);
        if (!CsrfToken.matches(csrfCookie, form.getFirst("csrf_token"))) {
            return Uni.createFrom().item(pages.message(403, pages.messages().error_title(),
                    pages.messages().form_expired(), "csrf"));
        }
        String decision = form.getFirst("decision");
        MultivaluedMap<String, String> request = new MultivaluedHashMap<>(form);
        request.remove("csrf_token");
        request.remove("decision");
        return Uni.createFrom().item(() -> AuthorizationParameters.of(request))
                .chain(validator::validate)
                .chain(authz -> browser.session(headers).chain(session -> {
                    if (session.isEmpty()) {
                        return Uni.createFrom().item(Response.seeOther(flow.loginUri(authz)).build());
                    }
                    String subject = session.get().subject();
                    if (!"allow".equals(decision)) {
                        audit.fire(AuditEvent.of(AuditEvent.Type.CONSENT_DENIED, subject, authz.clientId()));
                        return Uni.createFrom().item(flow.denied(authz, 303));
                    }
                    return consents.remember(subject, authz.clientId(), authz.scope())
                            .invoke(() -> audit.fire(AuditEvent.of(AuditEvent.Type.CONSENT_GRANTED, subject, authz.clientId())))
                            .chain(() -> flow.respond(authz, session.get(), 303));
                }))
                .onFailure().recoverWithItem(t -> errors.response(t, 303));
    }
}
