package dev.portcullis.token.issue;

import dev.portcullis.contract.oauth.Scope;
import dev.portcullis.contract.oauth.TokenTypes;
import dev.portcullis.token.grant.TokenResponse;

/** An access token as handed to the client, with what is needed to revoke it later. */
public record IssuedAccessToken(String token, String jti, long issuedAt, long expiresAt, Scope scope) {

    public long expiresIn() {
        return expiresAt - issuedAt;
    }

    /**
     * The RFC 6749 §5.1 response carrying this token ({@code scope} always, §5.1 allows it).
     *
     * @param refreshToken the refresh token issued with it, or null
     * @param idToken the ID token issued with it (OIDC Core §3.1.3.3), or null
     */
    public TokenResponse response(String refreshToken, String idToken) {
        return new TokenResponse(token, TokenTypes.BEARER, expiresIn(), refreshToken,
                scope.isEmpty() ? null : scope.toString(), idToken);
    }
}
