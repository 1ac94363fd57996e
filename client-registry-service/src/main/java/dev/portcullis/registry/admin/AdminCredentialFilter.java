package dev.portcullis.registry.admin;

import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthExceptionMapper;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Lets a request into the admin API only with {@code Authorization: Bearer <portcullis.admin-token>}.
 * A missing or wrong credential is {@code invalid_token}: 401 with a Bearer challenge (RFC 6750 §3.1).
 */
@Provider
@AdminApi
public final class AdminCredentialFilter implements ContainerRequestFilter {
    private static final String BEARER = "Bearer ";

    /** A client proxy: the credential is read at the first request, not at static init. */
    private final AdminCredential credential;

    public AdminCredentialFilter(AdminCredential credential) {
        this.credential = credential;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        boolean ok = header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && credential.matches(header.substring(BEARER.length()).trim());
        if (!ok) {
            request.abortWith(OAuthExceptionMapper.toResponse(
                    OAuthError.INVALID_TOKEN.exception("The admin credential is missing or wrong"), null));
        }
    }
}
