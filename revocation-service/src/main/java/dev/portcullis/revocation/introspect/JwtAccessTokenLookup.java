package dev.portcullis.revocation.introspect;

import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthException;
import dev.portcullis.contract.oauth.TokenTypes;
import dev.portcullis.revocation.token.ActiveToken;
import dev.portcullis.revocation.token.TokenKind;
import dev.portcullis.rules.accesstoken.AccessTokenClaims;
import dev.portcullis.rules.accesstoken.AccessTokenVerifier;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * RFC 9068 access tokens: verified offline against token-service's keys, revoked ids included
 * (one Redis round trip, skipped when the answer is cached), by the shared rule
 * ({@link AccessTokenVerifier}). A token that fails is inactive (RFC 7662 §2.2); keys or Redis
 * unavailable stays {@code temporarily_unavailable}.
 */
@ApplicationScoped
public class JwtAccessTokenLookup implements TokenLookup {
    private final AccessTokenVerifier verifier;

    public JwtAccessTokenLookup(AccessTokenVerifier verifier) {
        this.verifier = verifier;
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
        return verifier.verify(token)
                .map(claims -> Optional.of(active(claims)))
                .onFailure(JwtAccessTokenLookup::invalid).recoverWithItem(Optional.empty());
    }

    static boolean invalid(Throwable t) {
        return t instanceof OAuthException e && e.error() == OAuthError.INVALID_TOKEN;
    }

    private static ActiveToken active(AccessTokenClaims c) {
        String username = c.stringClaim("username");
        if (username == null) {
            username = c.stringClaim("preferred_username");
        }
        return new ActiveToken(c.scope(), c.clientId(), username, TokenTypes.BEARER, c.expiresAt(), c.issuedAt(),
                c.notBefore(), c.subject(), c.audience(), c.issuer(), c.jti(), null);
    }
}
