package dev.portcullis.revocation.revoke;

import dev.portcullis.revocation.introspect.TokenKind;
import dev.portcullis.revocation.jwt.AccessTokenVerifier;
import dev.portcullis.revocation.store.RevocationNotices;
import dev.portcullis.revocation.store.TokenStateStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Revokes an RFC 9068 access token: a {@code RevokedTokenRecord} under its {@code jti} that
 * expires exactly at the token's {@code exp} (so the set of revoked ids never grows without
 * bound), then a notice so every cache drops it. Only tokens that verify are considered, so a
 * forged token cannot plant a revocation.
 */
@ApplicationScoped
public class JwtAccessTokenRevocation implements TokenRevocation {
    private final AccessTokenVerifier verifier;
    private final TokenStateStore store;
    private final RevocationNotices notices;

    public JwtAccessTokenRevocation(AccessTokenVerifier verifier, TokenStateStore store, RevocationNotices notices) {
        this.verifier = verifier;
        this.store = store;
        this.notices = notices;
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
            return store.revokeAccessToken(jti, verified.get().exp(), clientId)
                    .chain(() -> notices.jti(jti))
                    .replaceWith(new Revocation(clientId, kind(), Revocation.Outcome.REVOKED, jti));
        });
    }
}
