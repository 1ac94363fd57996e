package dev.portcullis.authorize.authorization;

import dev.portcullis.authorize.audit.AuditEvent;
import dev.portcullis.authorize.request.AuthorizationRequest;
import dev.portcullis.authorize.config.PortcullisSettings;
import dev.portcullis.authorize.consent.ConsentStore;
import dev.portcullis.authorize.issue.AuthorizationCodes;
import dev.portcullis.authorize.issue.ImplicitTokens;
import dev.portcullis.authorize.session.SignedIn;
import dev.portcullis.authorize.web.CsrfToken;
import dev.portcullis.authorize.web.Pages;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthException;
import dev.portcullis.contract.oauth.Scope;
import dev.portcullis.rules.admin.AdminRole;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What happens to a valid authorization request: sign-in when there is no fitting session
 * (OIDC Core §3.1.2.3, {@code prompt}, {@code max_age}), consent when the user has not allowed
 * the scopes yet (§3.1.2.4), then the response (RFC 6749 §4.1.2 code, §4.2.2 tokens).
 */
@ApplicationScoped
public final class AuthorizationFlow {
    private final String issuer;
    private final ConsentStore consents;
    private final AuthorizationCodes codes;
    private final ImplicitTokens implicit;
    private final AuthorizationResponder responder;
    private final Pages pages;
    private final Event<AuditEvent> audit;

    public AuthorizationFlow(PortcullisSettings settings, ConsentStore consents, AuthorizationCodes codes,
            ImplicitTokens implicit, AuthorizationResponder responder, Pages pages, Event<AuditEvent> audit) {
        this.issuer = settings.issuer();
        this.consents = consents;
        this.codes = codes;
        this.implicit = implicit;
        this.responder = responder;
        this.pages = pages;
        this.audit = audit;
    }

    /** Continues a validated request for the browser's session, if any. */
    public Uni<Response> proceed(AuthorizationRequest asked, Optional<SignedIn> session, CsrfToken csrf, int redirectStatus) {
        AuthorizationRequest request = session.map(s -> forPerson(asked, s)).orElse(asked);
        if (needsLogin(request, session)) {
            if (request.prompt().contains("none")) {
                return Uni.createFrom().item(responder.error(request.target(),
                        OAuthError.LOGIN_REQUIRED.exception("The user is not signed in"), redirectStatus));
            }
            return Uni.createFrom().item(Response.status(redirectStatus).location(loginUri(request)).build());
        }
        SignedIn s = session.get();
        Uni<Boolean> consentNeeded = request.client().getSkipConsent() ? Uni.createFrom().item(false)
                : request.prompt().contains("consent") ? Uni.createFrom().item(true)
                : consents.covers(s.subject(), request.clientId(), request.scope()).map(c -> !c);
        return consentNeeded.chain(needed -> {
            if (!needed) {
                return respond(request, s, redirectStatus);
            }
            if (request.prompt().contains("none")) {
                return Uni.createFrom().item(responder.error(request.target(),
                        OAuthError.CONSENT_REQUIRED.exception("The user has not consented"), redirectStatus));
            }
            return Uni.createFrom().item(consentPage(request, csrf));
        });
    }

    /**
     * The request as granted to the signed-in person: admin scopes only as far as the person's
     * admin roles allow (RFC 6749 §3.3, the server may grant less than asked). Everything after
     * sign-in, the consent page included, sees the narrowed scope.
     */
    static AuthorizationRequest forPerson(AuthorizationRequest request, SignedIn session) {
        Scope granted = AdminRole.narrow(request.scope(), session.user().roleList());
        return granted.equals(request.scope()) ? request : request.withScope(granted);
    }

    /** Issues the code or tokens and sends them to the redirect URI. */
    public Uni<Response> respond(AuthorizationRequest asked, SignedIn session, int redirectStatus) {
        AuthorizationRequest request = forPerson(asked, session);
        if (request.wantsCode()) {
            return codes.issue(request, session).map(code -> {
                audit.fire(AuditEvent.of(AuditEvent.Type.AUTHORIZATION_CODE_ISSUED, session.subject(), request.clientId()));
                return responder.success(request.target(), Map.of("code", code), redirectStatus);
            });
        }
        return implicit.issue(request, session.session())
                .map(tokens -> {
                    audit.fire(AuditEvent.of(AuditEvent.Type.TOKENS_ISSUED_IMPLICIT, session.subject(), request.clientId()));
                    return responder.success(request.target(), tokens, redirectStatus);
                })
                .onFailure(OAuthException.class)
                .recoverWithItem(e -> responder.error(request.target(), (OAuthException) e, redirectStatus));
    }

    /** RFC 6749 §4.1.2.1 {@code access_denied}: the user said no. */
    public Response denied(AuthorizationRequest request, int redirectStatus) {
        return responder.error(request.target(), OAuthError.ACCESS_DENIED.exception("The user denied the request"), redirectStatus);
    }

    /**
     * The sign-in page, returning to this request afterwards. The sign-in about to happen
     * satisfies {@code prompt=login} and {@code max_age}, so the return drops them and the
     * person is not asked twice.
     */
    public URI loginUri(AuthorizationRequest request) {
        LinkedHashSet<String> prompt = new LinkedHashSet<>(request.prompt());
        prompt.remove("login");
        String returnTo = "/authorize?" + request.params().toQuery(Map.of("prompt", String.join(" ", prompt), "max_age", ""));
        return URI.create(issuer + "/login?return_to=" + URLEncoder.encode(returnTo, StandardCharsets.UTF_8));
    }

    private static boolean needsLogin(AuthorizationRequest request, Optional<SignedIn> session) {
        if (session.isEmpty() || request.prompt().contains("login")) {
            return true;
        }
        long elapsed = Instant.now().getEpochSecond() - session.get().session().authTime();
        return request.maxAge() == 0 || (request.maxAge() > 0 && elapsed > request.maxAge());
    }

    private Response consentPage(AuthorizationRequest request, CsrfToken csrf) {
        List<Pages.Field> fields = new ArrayList<>();
        request.params().known(Map.of()).forEach(e -> fields.add(new Pages.Field(e.getKey(), e.getValue())));
        Map<String, Object> data = new HashMap<>();
        data.put("clientName", clientName(request));
        data.put("unverified", request.client().getUnverified());
        data.put("scopes", List.copyOf(request.scope().tokens()));
        data.put("fields", fields);
        return pages.render(200, "consent", csrf, data);
    }

    private static String clientName(AuthorizationRequest request) {
        String name = request.client().getClientName();
        return name.isEmpty() ? request.clientId() : name;
    }
}
