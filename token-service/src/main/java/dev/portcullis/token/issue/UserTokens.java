package dev.portcullis.token.issue;

import dev.portcullis.contract.oauth.Scope;
import dev.portcullis.token.grant.TokenResponse;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Issues the tokens of a user grant from its {@link IssuanceContext}, the same way for every
 * grant: access token, then the ID token when {@code openid} was granted (OIDC Core §3.1.3.3),
 * then the refresh token family when the context has one, so a failure to produce the ID token
 * leaves no usable refresh token behind.
 */
@ApplicationScoped
public class UserTokens {
    private final AccessTokenIssuer accessTokens;
    private final IdTokenIssuer idTokens;
    private final RefreshTokenIssuer refreshTokens;

    public UserTokens(AccessTokenIssuer accessTokens, IdTokenIssuer idTokens, RefreshTokenIssuer refreshTokens) {
        this.accessTokens = accessTokens;
        this.idTokens = idTokens;
        this.refreshTokens = refreshTokens;
    }

    public Uni<TokenResponse> issue(IssuanceContext context) {
        return accessTokens.issue(context).chain(access -> issueWith(context, access));
    }

    /**
     * The rest of the token set for an access token the grant already issued from {@code context}
     * (a grant that must record the access token, as the code grant its redemption, issues it first).
     */
    public Uni<TokenResponse> issueWith(IssuanceContext context, IssuedAccessToken access) {
        Uni<String> id = context.scope().contains(Scope.OPENID)
                ? idTokens.issue(context, access) : Uni.createFrom().nullItem();
        return id.chain(idToken -> refreshToken(context, access).map(refresh -> access.response(refresh, idToken)));
    }

    private Uni<String> refreshToken(IssuanceContext context, IssuedAccessToken access) {
        return context.hasRefreshFamily() ? refreshTokens.start(context, access) : Uni.createFrom().nullItem();
    }
}
