package dev.portcullis.authorize.web;

import dev.portcullis.authorize.config.AuthorizeConfig;
import io.quarkus.qute.Engine;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * Renders the Qute pages with what every page shares: the branding, the style sheet and the
 * page's CSRF token (setting its cookie when the browser had none). Security headers come from
 * {@link PageHeadersFilter}.
 */
@ApplicationScoped
public final class Pages {
    /** A hidden form field. */
    public record Field(String name, String value) {
    }

    /** The branding visible to templates. */
    public record Brand(String productName, String logoUrl) {
    }

    private final Engine engine;
    private final PageStyle style;
    private final BrowserCookies cookies;
    private final Brand brand;
    private final Messages messages;

    public Pages(Engine engine, PageStyle style, BrowserCookies cookies, AuthorizeConfig config, Messages messages) {
        this.engine = engine;
        this.style = style;
        this.cookies = cookies;
        this.messages = messages;
        this.brand = new Brand(config.branding().productName(), config.branding().logoUrl().orElse(null));
    }

    public Messages messages() {
        return messages;
    }

    /** A page response with {@code status}; {@code csrf} may be null for pages without forms. */
    public Response render(int status, String template, CsrfToken csrf, Map<String, Object> data, NewCookie... extraCookies) {
        TemplateInstance page = engine.getTemplate(template).instance()
                .data("brand", brand)
                .data("css", style.css())
                .data("script", PageStyle.AUTO_SUBMIT_SCRIPT);
        if (csrf != null) {
            page.data("csrf", csrf.value());
        }
        data.forEach(page::data);
        Response.ResponseBuilder r = Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(page.render());
        if (csrf != null && csrf.fresh()) {
            r.cookie(cookies.csrf(csrf.value()));
        }
        if (extraCookies.length > 0) {
            r.cookie(extraCookies);
        }
        return r.build();
    }

    /** A page with a title and a sentence, e.g. an error that must not be redirected. */
    public Response message(int status, String title, String text, String code, NewCookie... extraCookies) {
        java.util.HashMap<String, Object> data = new java.util.HashMap<>();
        data.put("title", title);
        data.put("text", text);
        data.put("code", code);
        return render(status, "message", null, data, extraCookies);
    }
}
