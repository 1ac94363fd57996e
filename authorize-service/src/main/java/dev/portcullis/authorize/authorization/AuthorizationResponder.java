package dev.portcullis.authorize.authorization;

import dev.portcullis.authorize.request.RedirectTarget;
import dev.portcullis.authorize.config.PortcullisSettings;
import dev.portcullis.authorize.web.Pages;
import dev.portcullis.contract.oauth.OAuthException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Delivers authorization responses and errors to a trusted redirect URI (RFC 6749 §4.1.2,
 * §4.1.2.1, §4.2.2) in the requested response mode, always with {@code state} when the client
 * sent one and {@code iss} (RFC 9207 §2) so a client can tell which server answered.
 */
@ApplicationScoped
public final class AuthorizationResponder {
    private final String issuer;
    private final Pages pages;

    public AuthorizationResponder(PortcullisSettings settings, Pages pages) {
        this.issuer = settings.issuer();
        this.pages = pages;
    }

    /** A successful response carrying {@code parameters} (e.g. {@code code}). */
    public Response success(RedirectTarget target, Map<String, String> parameters, int redirectStatus) {
        return deliver(target, parameters, redirectStatus);
    }

    /** An error response (RFC 6749 §4.1.2.1, OIDC Core §3.1.2.6). */
    public Response error(RedirectTarget target, OAuthException e, int redirectStatus) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("error", e.error().code());
        if (e.description() != null) {
            p.put("error_description", e.description());
        }
        return deliver(target, p, redirectStatus);
    }

    private Response deliver(RedirectTarget target, Map<String, String> parameters, int redirectStatus) {
        Map<String, String> p = new LinkedHashMap<>(parameters);
        if (target.state() != null) {
            p.put("state", target.state());
        }
        p.put("iss", issuer);
        return switch (target.mode()) {
            case FORM_POST -> formPost(target.redirectUri(), p);
            case FRAGMENT -> Response.status(redirectStatus).location(URI.create(target.redirectUri() + "#" + encode(p))).build();
            case QUERY -> Response.status(redirectStatus).location(URI.create(
                    target.redirectUri() + (target.redirectUri().contains("?") ? "&" : "?") + encode(p))).build();
        };
    }

    /** OAuth 2.0 Form Post Response Mode §2: a page that posts the parameters to the client. */
    private Response formPost(String redirectUri, Map<String, String> p) {
        List<Pages.Field> fields = new ArrayList<>();
        p.forEach((k, v) -> fields.add(new Pages.Field(k, v)));
        Map<String, Object> data = new HashMap<>();
        data.put("action", redirectUri);
        data.put("fields", fields);
        return pages.render(200, "form_post", null, data);
    }

    private static String encode(Map<String, String> p) {
        StringBuilder b = new StringBuilder();
        p.forEach((k, v) -> {
            if (b.length() > 0) {
                b.append('&');
            }
            b.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return b.toString();
    }
}
