package dev.portcullis.revocation.revoke;

import dev.portcullis.contract.TokenHash;
import dev.portcullis.contract.TokenShape;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.TokenTypes;
import dev.portcullis.revocation.token.TokenKind;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import java.util.EnumMap;
import java.util.Map;

/**
 * RFC 7009 §2.1: revokes a token on behalf of the client it was issued to. The token's shape
 * says which kind it is, so {@code token_type_hint} is checked for support (§2.2.1) but never
 * trusted: a wrong hint still revokes. Whatever happens, the caller learns nothing about the
 * token (§2.2: unknown, foreign and revoked tokens all answer 200).
 */
@ApplicationScoped
public class TokenRevoker {
    private final Map<TokenKind, TokenRevocation> revocations = new EnumMap<>(TokenKind.class);
    private final Event<Revocation> events;

    public TokenRevoker(Instance<TokenRevocation> revocations, Event<Revocation> events) {
        revocations.forEach(r -> this.revocations.put(r.kind(), r));
        this.events = events;
    }

    /**
     * @param hint {@code token_type_hint}, or null
     * @throws dev.portcullis.contract.oauth.OAuthException unsupported_token_type for a hint
     *         other than {@code access_token} and {@code refresh_token} (RFC 7009 §2.2.1)
     */
    public Uni<Revocation> revoke(String token, String hint, String clientId) {
        if (hint != null && !TokenTypes.HINT_ACCESS_TOKEN.equals(hint) && !TokenTypes.HINT_REFRESH_TOKEN.equals(hint)) {
            throw OAuthError.UNSUPPORTED_TOKEN_TYPE.exception("token_type_hint is not supported");
        }
        TokenKind kind = TokenKind.of(TokenShape.of(token));
        TokenRevocation revocation = revocations.get(kind);
        Uni<Revocation> done = revocation == null
                ? Uni.createFrom().item(new Revocation(clientId, kind, Revocation.Outcome.UNKNOWN, null))
                : revocation.revoke(token, TokenHash.of(token), clientId);
        return done.invoke(events::fire);
    }
}
