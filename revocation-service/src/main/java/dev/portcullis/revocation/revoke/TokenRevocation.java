package dev.portcullis.revocation.revoke;

import dev.portcullis.revocation.token.TokenKind;
import io.smallrye.mutiny.Uni;

/** Revokes one kind of token (RFC 7009 §2.1). One implementation per {@link TokenKind}. */
public interface TokenRevocation {

    TokenKind kind();

    /**
     * Revokes the token if it belongs to {@code clientId}.
     *
     * @param tokenHash {@code TokenHash.of(token)}
     */
    Uni<Revocation> revoke(String token, String tokenHash, String clientId);
}
