package dev.portcullis.rules.admin;

import dev.portcullis.contract.oauth.OAuthException;
import dev.portcullis.contract.oauth.OAuthExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Guards every admin API of every service with {@link AdminAccess}: a request under
 * {@code /admin} proceeds only with an admin access token holding the scope of its area, and
 * hands its {@link AdminActor} to {@link AdminCaller} for the resource and the audit record. The area is the first path segment after {@code /admin}:
 * {@code clients}, {@code users}, {@code keys}; any other ({@code audit}) is read-only.
 * GET and HEAD read; every other method changes.
 */
public final class AdminAccessFilter {
    private final AdminAccess access;
    private final AdminCaller caller;

    public AdminAccessFilter(AdminAccess access, AdminCaller caller) {
        this.access = access;
        this.caller = caller;
    }

    @ServerRequestFilter
    public Uni<Response> check(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.equals("/admin") && !path.startsWith("/admin/")) {
            return Uni.createFrom().nullItem();
        }
        String method = request.getMethod();
        boolean change = !HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method);
        return access.authorize(request.getHeaderString(HttpHeaders.AUTHORIZATION), area(path), change)
                .map(actor -> {
                    caller.set(actor);
                    return (Response) null;
                })
                .onFailure(OAuthException.class)
                .recoverWithItem(e -> OAuthExceptionMapper.toResponse((OAuthException) e, null));
    }

    static AdminScope area(String path) {
        String rest = path.length() > "/admin/".length() ? path.substring("/admin/".length()) : "";
        int slash = rest.indexOf('/');
        String first = slash < 0 ? rest : rest.substring(0, slash);
        return switch (first) {
            case "clients" -> AdminScope.CLIENTS;
            case "users" -> AdminScope.USERS;
            case "keys" -> AdminScope.KEYS;
            default -> AdminScope.READ;
        };
    }
}
