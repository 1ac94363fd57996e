package dev.portcullis.rules.admin;

import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthException;
import dev.portcullis.rules.accesstoken.AccessTokenVerifier;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import dev.portcullis.contract.TokenHash;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Decides whether an admin API call may proceed: the caller presents an access token this
 * server issued (RFC 6750 §2.1), verified as RFC 9068 §4 says by the shared
 * {@link AccessTokenVerifier} with the audience {@code <issuer>/admin}, and holding the
 * {@link AdminScope} the call needs.
 *
 * <ul>
 *   <li>no token, a token that fails verification, or one for another audience:
 *       {@code invalid_token} (401, {@code WWW-Authenticate: Bearer error="invalid_token"});</li>
 *   <li>a valid admin token without the scope: {@code insufficient_scope} (403, RFC 6750 §3.1).</li>
 * </ul>
 *
 * Reading an area needs {@link AdminScope#READ} or the area's own scope; changing it needs the
 * area's own scope; the area {@link AdminScope#READ} itself (the audit log) needs {@code admin:read}.
 */
@ApplicationScoped
public class AdminAccess {
    /** The path under the issuer that names the admin APIs as an audience. */
    public static final String AUDIENCE_PATH = "/admin";
    private static final String BEARER = "Bearer ";
    /** The actor of a call made with the former shared admin string (no identity to name). */
    private static final AdminActor SHARED_TOKEN_ACTOR = new AdminActor("portcullis.admin-token", "-",
            EnumSet.allOf(AdminScope.class));

    private final AccessTokenVerifier verifier;
    private final String audience;
    /** Digest of the former shared admin string, while it is still configured; being removed. */
    private final Optional<String> sharedTokenDigest;

    @Inject
    public AdminAccess(AccessTokenVerifier verifier, @ConfigProperty(name = "portcullis.issuer") String issuer,
            @ConfigProperty(name = "portcullis.admin-token") Optional<String> sharedToken) {
        this.verifier = verifier;
        this.audience = audienceOf(issuer);
        this.sharedTokenDigest = sharedToken.filter(t -> !t.isBlank()).map(TokenHash::of);
    }

    /** {@code <issuer>/admin}: the audience of every admin access token. */
    public static String audienceOf(String issuer) {
        return issuer.replaceAll("/+$", "") + AUDIENCE_PATH;
    }

    public String audience() {
        return audience;
    }

    /**
     * The actor of a call to {@code area}, or a failed Uni with the RFC 6750 error.
     *
     * @param authorization the {@code Authorization} header as received, or null
     * @param change whether the call changes something (every method but GET and HEAD)
     */
    public Uni<AdminActor> authorize(String authorization, AdminScope area, boolean change) {
        String token = bearer(authorization);
        if (token == null) {
            return Uni.createFrom().failure(OAuthError.INVALID_TOKEN.exception("An admin access token is required"));
        }
        if (sharedTokenDigest.isPresent() && TokenHash.constantTimeEquals(sharedTokenDigest.get(), TokenHash.of(token))) {
            return Uni.createFrom().item(SHARED_TOKEN_ACTOR);
        }
        return verifier.verify(token, audience).map(claims -> {
            AdminActor actor = new AdminActor(claims.subject(), claims.clientId(), AdminScope.in(claims.scopes()));
            if (!permits(actor.scopes(), area, change)) {
                throw insufficient(area, change);
            }
            return actor;
        });
    }

    static boolean permits(Set<AdminScope> held, AdminScope area, boolean change) {
        if (area == AdminScope.READ) {
            return !change && held.contains(AdminScope.READ);
        }
        return held.contains(area) || (!change && held.contains(AdminScope.READ));
    }

    private static OAuthException insufficient(AdminScope area, boolean change) {
        String needed = area == AdminScope.READ ? AdminScope.READ.value()
                : change ? area.value() : AdminScope.READ.value() + " or " + area.value();
        return OAuthError.INSUFFICIENT_SCOPE.exception("This call needs the scope " + needed);
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = authorization.substring(BEARER.length()).trim();
        return token.isEmpty() ? null : token;
    }
}
