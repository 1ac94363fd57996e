package dev.portcullis.revocation.introspect;

import dev.portcullis.contract.TokenHash;
import dev.portcullis.contract.TokenShape;
import dev.portcullis.revocation.cache.VerifiedTokenCache;
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
 * <p>The token's shape ({@link TokenShape}) says which kind it is, so a lookup never depends on
 * {@code token_type_hint}: the hint may be absent or wrong (RFC 7662 §2.1 "MAY ignore") and the
 * answer is the same. Active answers of cacheable kinds are served from the
 * {@link VerifiedTokenCache} without any Redis round trip.
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
        TokenKind kind = TokenKind.of(TokenShape.of(token));
        TokenLookup lookup = lookups.get(kind);
        if (lookup == null) {
            return done(kind, Optional.empty(), false);
        }
        String hash = TokenHash.of(token);
        if (lookup.cacheable()) {
            Optional<ActiveToken> cached = cache.get(hash);
            if (cached.isPresent()) {
                return done(kind, cached, true);
            }
        }
        long generation = cache.generation();
        return lookup.find(token, hash).map(found -> {
            if (found.isPresent() && lookup.cacheable()) {
                cache.put(generation, hash, found.get());
            }
            events.fire(new Introspected(kind, found.isPresent(), false));
            return found;
        });
    }

    private Uni<Optional<ActiveToken>> done(TokenKind kind, Optional<ActiveToken> answer, boolean cacheHit) {
        events.fire(new Introspected(kind, answer.isPresent(), cacheHit));
        return Uni.createFrom().item(answer);
    }
}
