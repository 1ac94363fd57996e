package dev.portcullis.revocation.introspect;

import dev.portcullis.revocation.token.ActiveToken;
import dev.portcullis.revocation.token.TokenKind;
import io.smallrye.mutiny.Uni;
import java.util.Optional;

/**
 * Finds out whether one kind of token is active (RFC 7662 §2.2). One implementation per
 * {@link TokenKind}; a new kind of token is a new class and nothing else.
 */
public interface TokenLookup {

    TokenKind kind();

    /**
     * True when an active answer may be cached until the token's {@code exp}: everything that
     * can later make it inactive is announced by a revocation notice.
     */
    boolean cacheable();

    /**
     * @param token the token as presented
     * @param tokenHash {@code TokenHash.of(token)}
     * @return the token's claims when it is active, empty otherwise
     */
    Uni<Optional<ActiveToken>> find(String token, String tokenHash);
}
