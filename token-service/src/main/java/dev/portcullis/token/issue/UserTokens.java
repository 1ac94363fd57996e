package dev.portcullis.token.issue;

import dev.portcullis.contract.oauth.TokenTypes;
import dev.portcullis.proto.records.v1.RefreshTokenRecord;
import dev.portcullis.token.grant.TokenResponse;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.tuples.Tuple2;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.BiFunction;

/**
 * Issues the tokens of a user grant, the same way for every grant and for the implicit flow:
 * access token, then ID token (OIDC Core §3.1.3.3), then the refresh token family, so a
 * failure to produce the ID token leaves no usable refresh token behind.
 */
@ApplicationScoped
public class UserTokens {
    private final AccessTokenIssuer accessTokens;
    private final IdTokenIssuer idTokens;
    private final RefreshTokenIssuer refreshTokens;

    /** The response and what a later revocation needs. */
    public record Issued(TokenResponse response, IssuedAccessToken accessToken, String familyId) {
    }

    public UserTokens(AccessTokenIssuer accessTokens, IdTokenIssuer idTokens, RefreshTokenIssuer refreshTokens) {
        this.accessTokens = accessTokens;
        this.idTokens = idTokens;
        this.refreshTokens = refreshTokens;
    }

    public Uni<Issued> issue(UserGrant g) {
        return issue(g, (access, familyId) -> Uni.createFrom().voidItem());
    }

    /**
     * Issues the token set; {@code alongside} (e.g. remembering a code's redemption) starts as soon
     * as the access token exists and runs while the ID token is signed and the family stored, so
     * its Redis round trip overlaps theirs. Fails if either fails.
     */
    public Uni<Issued> issue(UserGrant g, BiFunction<IssuedAccessToken, String, Uni<Void>> alongside) {
        String familyId = g.refreshToken() ? refreshTokens.newFamilyId() : null;
        AccessTokenRequest at = new AccessTokenRequest(g.client(), g.subject(), g.scope(), g.audience(), g.authTime(),
                g.acr(), familyId);
        return accessTokens.issue(at).chain(access -> Uni.combine().all().unis(alongside.apply(access, familyId),
                idToken(g, access).chain(id -> refreshToken(g, familyId, access)
                        .map(refresh -> new Issued(new TokenResponse(access.token(), TokenTypes.BEARER, access.expiresIn(),
                                refresh, access.scope().isEmpty() ? null : access.scope().toString(), id), access, familyId))))
                .asTuple().map(Tuple2::getItem2));
    }

    private Uni<String> idToken(UserGrant g, IssuedAccessToken access) {
        if (!g.idToken()) {
            return Uni.createFrom().nullItem();
        }
        return idTokens.issue(new IdTokenRequest(g.client(), g.subject(), g.scope(), g.nonce(), g.authTime(), g.acr(),
                g.amr(), g.sessionId(), access.token(), g.userClaimsJson()));
    }

    private Uni<String> refreshToken(UserGrant g, String familyId, IssuedAccessToken access) {
        if (familyId == null) {
            return Uni.createFrom().nullItem();
        }
        RefreshTokenRecord.Builder grant = RefreshTokenRecord.newBuilder()
                .setSubject(g.subject())
                .setScope(g.scope().toString())
                .setAuthTime(g.authTime())
                .addAllResource(g.resources());
        if (g.sessionId() != null) {
            grant.setSessionId(g.sessionId());
        }
        if (g.nonce() != null) {
            grant.setNonce(g.nonce());
        }
        if (g.acr() != null) {
            grant.setAcr(g.acr());
        }
        return refreshTokens.start(familyId, g.client(), grant.build(), access);
    }
}
