package dev.portcullis.revocation.revoke;

import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthException;
import dev.portcullis.revocation.token.TokenKind;
import dev.portcullis.rules.accesstoken.AccessTokenVerifier;
import dev.portcullis.rules.revocation.AccessTokenRevocation;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Revokes an RFC 9068 access token by its {@code jti} with the shared rule
 * ({@link AccessTokenRevocation}: a {@code RevokedTokenRecord} that expires exactly at the token's
 * {@code exp}, then a notice so every cache drops it). Only tokens that verify are considered
 * ({@link AccessTokenVerifier#authentic}: every RFC 9068 check but revocation, so revoking twice
 * is still a revocation), so a forged token cannot plant a revocation.
 */
@ApplicationScoped
public class JwtAccessTokenRevocation implements TokenRevocation {
    private final AccessTokenVerifier verifier;
    private final AccessTokenRevocation accessTokens;

    public JwtAccessTokenRevocation(AccessTokenVerifier verifier, AccessTokenRevocation accessTokens) {
        this.verifier = verifier;
        this.accessTokens = accessTokens;
    }

    @Override
    public TokenKind kind() {
        return TokenKind.JWT_ACCESS_TOKEN;
    }

    @Override
    public Uni<Revocation> revoke(String token, String tokenHash, String clientId) {
        return verifier.authentic(token).chain(verified -> {
            String jti = verified.jti();
            if (!clientId.equals(verified.clientId())) {
                return Uni.createFrom().item(new Revocation(clientId, kind(), Revocation.Outcome.NOT_OWNER, jti));
            }
            return accessTokens.revoke(List.of(jti), verified.expiresAt(), clientId)
                    .replaceWith(new Revocation(clientId, kind(), Revocation.Outcome.REVOKED, jti));
        }).onFailure(t -> t instanceof OAuthException e && e.error() == OAuthError.INVALID_TOKEN)
                .recoverWithItem(new Revocation(clientId, kind(), Revocation.Outcome.UNKNOWN, null));
    }
}
