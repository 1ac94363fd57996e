package dev.portcullis.authorize.api;

import dev.portcullis.authorize.audit.AuditEvent;
import dev.portcullis.authorize.session.SessionStore;
import dev.portcullis.authorize.web.BrowserCookies;
import dev.portcullis.authorize.web.CsrfToken;
import dev.portcullis.authorize.web.Pages;
import dev.portcullis.clients.ClientDirectory;
import dev.portcullis.proto.client.v1.Client;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Event;
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
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0 §2, §3): the person confirms on
 * a CSRF-protected page, the browser session ends, and the browser goes to the
 * {@code post_logout_redirect_uri} only when it exactly matches one registered for the client
 * (named by {@code client_id} or by the audience of {@code id_token_hint}); otherwise a page.
 */
@Path("/logout")
public final class LogoutResource {
    private static final Pattern AUD = Pattern.compile("\"aud\"\\s*:\\s*(?:\"([^\"]+)\"|\\[\\s*\"([^\"]+)\")");
    private static final List<String> CARRIED = List.of("client_id", "post_logout_redirect_uri", "state", "id_token_hint", "ui_locales");

    private final SessionStore sessions;
    private final BrowserCookies cookies;
    private final BrowserRequest browser;
    private final Pages pages;
    private final ClientDirectory clients;
    private final Event<AuditEvent> audit;

    public LogoutResource(SessionStore sessions, BrowserCookies cookies, BrowserRequest browser, Pages pages,
            ClientDirectory clients, Event<AuditEvent> audit) {
        this.sessions = sessions;
        this.cookies = cookies;
        this.browser = browser;
        this.pages = pages;
        this.clients = clients;
        this.audit = audit;
    }

    /** The confirmation page; the parameters ride along in the form. */
    @GET
    public Response confirm(@Context UriInfo uri, @Context HttpHeaders headers) {
        MultivaluedMap<String, String> q = uri.getQueryParameters();
        List<Pages.Field> fields = new ArrayList<>();
        for (String name : CARRIED) {
            String v = q.getFirst(name);
            if (v != null && !v.isEmpty() && v.length() <= 4096) {
                fields.add(new Pages.Field(name, v));
            }
        }
        Map<String, Object> data = new HashMap<>();
        data.put("fields", fields);
        return pages.render(200, "logout", CsrfToken.forPage(browser.csrfCookie(headers)), data);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> logout(MultivaluedMap<String, String> form, @Context HttpHeaders headers) {
        if (!CsrfToken.matches(browser.csrfCookie(headers), form.getFirst("csrf_token"))) {
            return Uni.createFrom().item(pages.message(403, pages.messages().error_title(), pages.messages().form_expired(), "csrf"));
        }
        String redirect = form.getFirst("post_logout_redirect_uri");
        String clientId = Optional.ofNullable(form.getFirst("client_id")).orElseGet(() -> audience(form.getFirst("id_token_hint")));
        return sessions.end(browser.sessionCookie(headers)).chain(ended -> {
            ended.ifPresent(s -> audit.fire(AuditEvent.of(AuditEvent.Type.LOGOUT, s.subject(), clientId)));
            if (redirect == null || redirect.isEmpty() || clientId == null) {
                return Uni.createFrom().item(signedOut());
            }
            return clients.find(clientId).onFailure().recoverWithItem(Optional.empty()).map(client -> {
                boolean registered = client.filter(Client::getEnabled)
                        .map(c -> c.getPostLogoutRedirectUrisList().contains(redirect)).orElse(false);
                if (!registered) {
                    return signedOut();
                }
                String state = form.getFirst("state");
                String target = state == null || state.isEmpty() ? redirect
                        : redirect + (redirect.contains("?") ? "&" : "?") + "state=" + URLEncoder.encode(state, StandardCharsets.UTF_8);
                return Response.seeOther(URI.create(target)).cookie(cookies.endSession()).build();
            });
        });
    }

    private Response signedOut() {
        return pages.message(200, pages.messages().logged_out_title(), pages.messages().logged_out_text(), null, cookies.endSession());
    }

    /**
     * The first audience of an ID token, read without verification: it only selects whose
     * registered post-logout URIs the redirect must match, and grants nothing.
     */
    static String audience(String idToken) {
        if (idToken == null) {
            return null;
        }
        String[] parts = idToken.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            Matcher m = AUD.matcher(payload);
            return m.find() ? (m.group(1) != null ? m.group(1) : m.group(2)) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
