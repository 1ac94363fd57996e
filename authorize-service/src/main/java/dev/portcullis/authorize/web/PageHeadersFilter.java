package dev.portcullis.authorize.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/**
 * Security headers of every HTML page: no framing (CSP {@code frame-ancestors 'none'} and
 * {@code X-Frame-Options: DENY}, against clickjacking of login and consent), a CSP that allows
 * only our own style and script, no caching (pages carry personal data and CSRF tokens), and no
 * referrer (so codes in a redirect never leak onward). Every response gets {@code nosniff}.
 */
@Provider
public final class PageHeadersFilter implements ContainerResponseFilter {
    private final PageStyle style;

    public PageHeadersFilter(PageStyle style) {
        this.style = style;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().putSingle("X-Content-Type-Options", "nosniff");
        MediaType type = response.getMediaType();
        if (type != null && type.isCompatible(MediaType.TEXT_HTML_TYPE)) {
            response.getHeaders().putSingle("Content-Security-Policy", style.contentSecurityPolicy());
            response.getHeaders().putSingle("X-Frame-Options", "DENY");
            response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, "no-store");
            response.getHeaders().putSingle("Pragma", "no-cache");
            response.getHeaders().putSingle("Referrer-Policy", "no-referrer");
        }
    }
}
