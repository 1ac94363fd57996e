package dev.portcullis.authorize.admin;

import dev.portcullis.authorize.config.PortcullisSettings;
import dev.portcullis.contract.TokenHash;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthExceptionMapper;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Guards {@code /admin/**} with the suite's admin credential ({@code portcullis.admin-token},
 * sent as {@code Authorization: Bearer}, compared in constant time; RFC 6750 §3 challenge when
 * missing or wrong). The admin API is not routed by the public gateway in production.
 */
@Provider
@PreMatching
public final class AdminTokenFilter implements ContainerRequestFilter {
    private final String adminToken;

    public AdminTokenFilter(PortcullisSettings settings) {
        this.adminToken = settings.adminToken();
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/admin/") && !path.equals("/admin")) {
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        if (!TokenHash.constantTimeEquals(TokenHash.of(adminToken), presented == null ? null : TokenHash.of(presented))) {
            request.abortWith(OAuthExceptionMapper.toResponse(
                    OAuthError.INVALID_TOKEN.exception("A valid admin token is required"), null));
        }
    }
}
