package dev.portcullis.authorize.api;

import dev.portcullis.authorize.userinfo.AccessTokens;
import dev.portcullis.authorize.userinfo.ClaimsRelease;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.Scope;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.Executor;

/**
 * The UserInfo endpoint (OIDC Core §5.3), GET and POST. The access token comes as a bearer
 * token (RFC 6750 §2.1 header, or §2.2 form body on POST, never both); it must carry the
 * {@code openid} scope; the claims released follow its scopes (§5.4). Failures answer 401 with
 * {@code WWW-Authenticate: Bearer error="invalid_token"} (RFC 6750 §3.1).
 */
@Path("/userinfo")
@Produces(MediaType.APPLICATION_JSON)
public final class UserinfoResource {
    private final AccessTokens verifier;
    private final ClaimsRelease claims;

    public UserinfoResource(AccessTokens verifier, ClaimsRelease claims) {
        this.verifier = verifier;
        this.claims = claims;
    }

    @GET
    public Uni<Response> get(@jakarta.ws.rs.HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return answer(authorization, null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> post(@jakarta.ws.rs.HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @FormParam("access_token") String formToken) {
        return answer(authorization, formToken);
    }

    private Uni<Response> answer(String authorization, String formToken) {
        String headerToken = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
        if (headerToken != null && formToken != null) {
            return Uni.createFrom().failure(OAuthError.INVALID_REQUEST.exception("Use one way to send the token"));
        }
        String token = headerToken != null ? headerToken : formToken;
        if (token == null || token.isEmpty()) {
            // RFC 6750 §3.1: no error code when the request carried no token at all.
            return Uni.createFrom().item(Response.status(401).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                    .header(HttpHeaders.CACHE_CONTROL, "no-store").build());
        }
        Context context = Vertx.currentContext();
        Executor onContext = task -> context.runOnContext(v -> task.run());
        return verifier.verify(token)
                .emitOn(onContext)
                .chain(at -> {
                    if (!at.scope().contains(Scope.OPENID)) {
                        throw OAuthError.INSUFFICIENT_SCOPE.exception("The token lacks the openid scope");
                    }
                    return claims.claims(at.subject(), at.scope());
                })
                .map(found -> found.map(c -> Response.ok(c).header(HttpHeaders.CACHE_CONTROL, "no-store").build())
                        .orElseThrow(() -> OAuthError.INVALID_TOKEN.exception("The token's user is unknown or disabled")));
    }
}
