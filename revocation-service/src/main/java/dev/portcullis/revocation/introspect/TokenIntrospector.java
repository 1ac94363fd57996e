package dev.portcullis.revocation.introspect;

import dev.portcullis.contract.TokenShape;
import dev.portcullis.revocation.cache.VerifiedTokenCache;
import dev.portcullis.revocation.token.ActiveToken;
import dev.portcullis.revocation.token.DigestKey;
import dev.portcullis.revocation.token.TokenKind;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one answer to "is this token active?" (RFC 7662 §2.2), shared by HTTP and gRPC.
 *
 * <p>The {@link VerifiedTokenCache} is asked first, by the token's digest alone: a hit costs one
 * SHA-256 and no Redis round trip, no look at the token's shape, and no reactive pipeline
 * ({@link #cached}). On a miss the token's shape ({@link TokenShape}) says which kind it is, so
 * a lookup never depends on {@code token_type_hint}: the hint may be absent or wrong (RFC 7662
 * §2.1 "MAY ignore") and the answer is the same. Active answers of cacheable kinds are then
 * cached.
 */
@ApplicationScoped
public class TokenIntrospector {
    private final Map<TokenKind, TokenLookup> lookups = new EnumMap<>(TokenKind.class);
    private final VerifiedTokenCache cache;
    private final Event<Introspected> events;

    public TokenIntrospector(Instance<TokenLookup> lookups, VerifiedTokenCache cache, Event<Introspected> events) {
        lookups.forEach(l -> this.lookups.put(l.kind(), l));
        this.cache = cache;
        this.events = events;
    }

    /** The token's claims when it is active, empty for anything else. */
    public Uni<Optional<ActiveToken>> introspect(String token) {
        DigestKey key = DigestKey.of(token);
        ActiveToken hit = cached(key);
        return hit != null ? Uni.createFrom().item(Optional.of(hit)) : lookUp(token, key);
    }

    /**
     * The cached answer for the token with this digest, without any I/O, or null when the cache
     * has none (then {@link #lookUp}); a hit is counted as an introspection.
     */
    public ActiveToken cached(DigestKey token) {
        VerifiedTokenCache.Entry hit = cache.get(token);
        if (hit == null) {
            return null;
        }
        events.fire(new Introspected(hit.kind(), true, true));
        return hit.token();
    }

    /** Finds out whether a token the cache did not answer for is active, and caches it if so. */
    public Uni<Optional<ActiveToken>> lookUp(String token, DigestKey key) {
        TokenKind kind = TokenKind.of(TokenShape.of(token));
        TokenLookup lookup = lookups.get(kind);
        if (lookup == null) {
            events.fire(new Introspected(kind, false, false));
            return Uni.createFrom().item(Optional.empty());
        }
        long generation = cache.generation();
        return lookup.find(token, key.tokenHash()).map(found -> {
            if (found.isPresent() && lookup.cacheable()) {
                cache.put(generation, key, kind, found.get());
            }
            events.fire(new Introspected(kind, found.isPresent(), false));
            return found;
        });
    }
}
