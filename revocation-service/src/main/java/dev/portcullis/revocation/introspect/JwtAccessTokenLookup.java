package dev.portcullis.revocation.introspect;

import dev.portcullis.revocation.jwt.AccessTokenVerifier;
import dev.portcullis.revocation.store.TokenStateStore;
import dev.portcullis.revocation.token.ActiveToken;
import dev.portcullis.revocation.token.TokenKind;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * RFC 9068 access tokens: verified offline against token-service's keys, then checked against
 * the revoked token ids (one Redis round trip, skipped when the answer is cached).
 */
@ApplicationScoped
public class JwtAccessTokenLookup implements TokenLookup {
    private final AccessTokenVerifier verifier;
    private final TokenStateStore store;

    public JwtAccessTokenLookup(AccessTokenVerifier verifier, TokenStateStore store) {
        this.verifier = verifier;
        this.store = store;
    }

    @Override
    public TokenKind kind() {
        return TokenKind.JWT_ACCESS_TOKEN;
    }

    @Override
    public boolean cacheable() {
        return true;
    }

    @Override
    public Uni<Optional<ActiveToken>> find(String token, String tokenHash) {
        return verifier.verify(token).chain(verified -> verified.isEmpty()
                ? Uni.createFrom().item(verified)
                : store.isAccessTokenRevoked(verified.get().jti()).map(revoked -> revoked ? Optional.empty() : verified));
    }
}
