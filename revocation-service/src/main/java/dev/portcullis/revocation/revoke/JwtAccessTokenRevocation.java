package dev.portcullis.revocation.revoke;

import dev.portcullis.revocation.jwt.AccessTokenVerifier;
import dev.portcullis.revocation.token.TokenKind;
import dev.portcullis.rules.revocation.AccessTokenRevocation;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Revokes an RFC 9068 access token by its {@code jti} with the shared rule
 * ({@link AccessTokenRevocation}: a {@code RevokedTokenRecord} that expires exactly at the token's
 * {@code exp}, then a notice so every cache drops it). Only tokens that verify are considered, so
 * a forged token cannot plant a revocation.
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
        return verifier.verify(token).chain(verified -> {
            if (verified.isEmpty()) {
                return Uni.createFrom().item(new Revocation(clientId, kind(), Revocation.Outcome.UNKNOWN, null));
            }
            String jti = verified.get().jti();
            if (!clientId.equals(verified.get().clientId())) {
                return Uni.createFrom().item(new Revocation(clientId, kind(), Revocation.Outcome.NOT_OWNER, jti));
            }
            return accessTokens.revoke(List.of(jti), verified.get().exp(), clientId)
                    .replaceWith(new Revocation(clientId, kind(), Revocation.Outcome.REVOKED, jti));
        });
    }
}
