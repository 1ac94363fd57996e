package dev.portcullis.revocation.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.portcullis.revocation.config.RevocationConfig;
import dev.portcullis.revocation.introspect.ActiveToken;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tokens found active, keyed by the SHA-256 of the token ({@code TokenHash}), so a repeated
 * introspection of a valid token costs no Redis round trip (DESIGN "Hot paths": 0 to 1).
 *
 * <ul>
 *   <li>bounded: at most {@code oauth.revocation.cache-max-entries} entries;</li>
 *   <li>never outliving the token: an entry expires at the earlier of the token's {@code exp}
 *       and {@code oauth.revocation.cache-ttl};</li>
 *   <li>dropped at once by a revocation notice naming its {@code jti}, token hash or family;</li>
 *   <li>served only while the notice subscription is up: a cache that could miss a notice
 *       answers nothing.</li>
 * </ul>
 *
 * <p>A check that started before a notice arrived is not cached ({@link #generation()}), so a
 * lookup racing with a revocation cannot put the revoked token back.
 */
@ApplicationScoped
public class VerifiedTokenCache {
    private final Cache<String, ActiveToken> tokens;
    private final long ttlNanos;
    private final AtomicLong generation = new AtomicLong();
    private volatile boolean listening;

    public VerifiedTokenCache(RevocationConfig config) {
        this.ttlNanos = config.cacheTtl().toNanos();
        this.tokens = Caffeine.newBuilder()
                .maximumSize(config.cacheMaxEntries())
                .expireAfter(new UntilExpiry(ttlNanos))
                .build();
    }

    /** The cached answer for a token hash, if it is still valid. */
    public Optional<ActiveToken> get(String tokenHash) {
        if (!enabled()) {
            return Optional.empty();
        }
        ActiveToken t = tokens.getIfPresent(tokenHash);
        if (t == null || !t.isUnexpiredAt(System.currentTimeMillis() / 1000)) {
            return Optional.empty();
        }
        return Optional.of(t);
    }

    /** Changes with every invalidation; read it before a lookup and pass it to {@link #put}. */
    public long generation() {
        return generation.get();
    }

    /** Caches an active token unless an invalidation arrived since {@code generationBefore}. */
    public void put(long generationBefore, String tokenHash, ActiveToken token) {
        if (!enabled()) {
            return;
        }
        tokens.put(tokenHash, token);
        if (generation.get() != generationBefore) {
            tokens.invalidate(tokenHash);
        }
    }

    public void dropTokenHash(String tokenHash) {
        generation.incrementAndGet();
        tokens.invalidate(tokenHash);
    }

    public void dropJti(String jti) {
        generation.incrementAndGet();
        tokens.asMap().values().removeIf(t -> jti.equals(t.jti()));
    }

    public void dropFamily(String familyId) {
        generation.incrementAndGet();
        tokens.asMap().values().removeIf(t -> familyId.equals(t.familyId()));
    }

    public void clear() {
        generation.incrementAndGet();
        tokens.invalidateAll();
    }

    /** Called by the notice listener: the cache serves only while notices can reach it. */
    void listening(boolean up) {
        if (!up) {
            clear();
        }
        listening = up;
    }

    private boolean enabled() {
        return listening && ttlNanos > 0;
    }

    /** Expiry at min(token exp, now + ttl). */
    private record UntilExpiry(long ttlNanos) implements Expiry<String, ActiveToken> {
        @Override
        public long expireAfterCreate(String key, ActiveToken token, long currentTime) {
            long untilExp = TimeUnit.MILLISECONDS.toNanos(token.exp() * 1000 - System.currentTimeMillis());
            return Math.max(0, Math.min(ttlNanos, untilExp));
        }

        @Override
        public long expireAfterUpdate(String key, ActiveToken token, long currentTime, long currentDuration) {
            return expireAfterCreate(key, token, currentTime);
        }

        @Override
        public long expireAfterRead(String key, ActiveToken token, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
