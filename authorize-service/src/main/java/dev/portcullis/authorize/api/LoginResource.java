package dev.portcullis.authorize.api;

import dev.portcullis.authorize.config.PortcullisSettings;
import dev.portcullis.authorize.login.PasswordLogin;
import dev.portcullis.authorize.session.SessionStore;
import dev.portcullis.authorize.web.BrowserCookies;
import dev.portcullis.authorize.web.CsrfToken;
import dev.portcullis.authorize.web.Pages;
import dev.portcullis.clients.ClientDirectory;
import dev.portcullis.proto.client.v1.Client;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The sign-in page (OIDC Core §3.1.2.3): username and password, CSRF-protected, throttled
 * per account and per address ({@code login.LoginThrottle}): a throttled attempt is answered 429
 * with {@code Retry-After} and the time left on the page. Success starts a browser session and returns to the
 * authorization request that asked for it ({@code return_to}, only ever a path of this server).
 */
@Path("/login")
public final class LoginResource {
    private final PasswordLogin login;
    private final SessionStore sessions;
    private final BrowserCookies cookies;
    private final BrowserRequest browser;
    private final Pages pages;
    private final ClientDirectory clients;
    private final String issuer;

    public LoginResource(PasswordLogin login, SessionStore sessions, BrowserCookies cookies,
            BrowserRequest browser, Pages pages, ClientDirectory clients, PortcullisSettings settings) {
        this.login = login;
        this.sessions = sessions;
        this.cookies = cookies;
        this.browser = browser;
        this.pages = pages;
        this.clients = clients;
        this.issuer = settings.issuer();
    }

    @GET
    public Uni<Response> page(@QueryParam("return_to") String returnTo, @Context HttpHeaders headers) {
        String safeReturn = safeReturnTo(returnTo);
        CsrfToken csrf = CsrfToken.forPage(browser.csrfCookie(headers));
        return client(safeReturn).map(client -> form(200, csrf, safeReturn, client,
                queryParameter(safeReturn, "login_hint"), null, 0));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> submit(@FormParam("username") String username, @FormParam("password") String password,
            @FormParam("csrf_token") String csrfField, @FormParam("return_to") String returnTo,
            @Context HttpHeaders headers, @Context HttpServerRequest http) {
        String safeReturn = safeReturnTo(returnTo);
        String csrfCookie = browser.csrfCookie(headers);
        CsrfToken csrf = CsrfToken.forPage(csrfCookie);
        if (!CsrfToken.matches(csrfCookie, csrfField)) {
            return client(safeReturn).map(client -> form(403, csrf, safeReturn, client, username, "csrf", 0));
        }
        String clientId = queryParameter(safeReturn, "client_id");
        String address = http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
        return login.attempt(username, password, address, clientId).chain(outcome -> {
            if (outcome instanceof PasswordLogin.Outcome.Authenticated a) {
                return sessions.start(a.user().subject).map(cookie -> signedIn(cookie, safeReturn));
            }
            if (outcome instanceof PasswordLogin.Outcome.Throttled t) {
                long seconds = Math.max(1, (t.retryAfter().toMillis() + 999) / 1000);
                return client(safeReturn).map(client -> Response.fromResponse(
                        form(429, csrf, safeReturn, client, username, "rate_limited", seconds))
                        .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds)).build());
            }
            // RFC 9110 §15.5.2: a 401 carries a challenge. No registered scheme names an HTML form;
            // an unregistered one keeps browsers from opening a Basic dialog over the page.
            return client(safeReturn).map(client -> Response.fromResponse(
                    form(401, csrf, safeReturn, client, username, "bad_credentials", 0))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Form realm=\"sign-in\"").build());
        });
    }

    private Response signedIn(String sessionCookie, String returnTo) {
        if (returnTo == null) {
            return pages.message(200, pages.messages().logged_in_title(), pages.messages().logged_in_text(), null,
                    cookies.session(sessionCookie));
        }
        return Response.seeOther(URI.create(issuer + returnTo)).cookie(cookies.session(sessionCookie)).build();
    }

    /** {@code waitSeconds}: the time left before a throttled person may try again, said in minutes past two. */
    private Response form(int status, CsrfToken csrf, String returnTo, Client client, String username, String error,
            long waitSeconds) {
        Map<String, Object> data = new HashMap<>();
        data.put("returnTo", returnTo == null ? "" : returnTo);
        data.put("clientName", client == null || client.getClientName().isEmpty() ? null : client.getClientName());
        // A self-registered client no administrator has verified is named as such beside its name.
        data.put("unverified", client != null && client.getUnverified());
        data.put("username", username == null ? "" : username);
        data.put("error", error);
        data.put("waitSeconds", waitSeconds);
        data.put("waitMinutes", waitSeconds >= 120 ? (waitSeconds + 59) / 60 : 0);
        return pages.render(status, "login", csrf, data);
    }

    /** The client the sign-in is for, when the return target names a known one. */
    private Uni<Client> client(String returnTo) {
        String clientId = queryParameter(returnTo, "client_id");
        if (clientId == null) {
            return Uni.createFrom().nullItem();
        }
        return clients.find(clientId).map(c -> c.orElse(null)).onFailure().recoverWithNull();
    }

    /**
     * Only a path of the authorization endpoint is a valid return target, so the login page can
     * never be used to redirect elsewhere.
     */
    static String safeReturnTo(String returnTo) {
        if (returnTo == null || returnTo.length() > 4096 || !returnTo.startsWith("/authorize?")
                || returnTo.contains("\\") || returnTo.contains("#")) {
            return null;
        }
        return returnTo;
    }

    private static String queryParameter(String returnTo, String name) {
        if (returnTo == null) {
            return null;
        }
        String query = returnTo.substring(returnTo.indexOf('?') + 1);
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
