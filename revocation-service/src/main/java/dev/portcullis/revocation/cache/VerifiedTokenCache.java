package dev.portcullis.revocation.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.portcullis.revocation.config.RevocationConfig;
import dev.portcullis.revocation.token.ActiveToken;
import dev.portcullis.revocation.token.DigestKey;
import dev.portcullis.revocation.token.TokenKind;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tokens found active, keyed by the SHA-256 of the token ({@link DigestKey}, the digest of
 * {@code TokenHash}), so a repeated introspection of a valid token costs no Redis round trip
 * (DESIGN "Hot paths": 0 to 1). An entry remembers the token's kind, so a hit needs no look at
 * the token's shape.
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
    /** A cached answer: the token's kind and claims. */
    public record Entry(TokenKind kind, ActiveToken token) {
    }

    private final Cache<DigestKey, Entry> tokens;
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

    /** The cached answer for a token, or null when there is none still valid. */
    public Entry get(DigestKey token) {
        if (!enabled()) {
            return null;
        }
        Entry e = tokens.getIfPresent(token);
        if (e == null || !e.token().isUnexpiredAt(System.currentTimeMillis() / 1000)) {
            return null;
        }
        return e;
    }

    /** Changes with every invalidation; read it before a lookup and pass it to {@link #put}. */
    public long generation() {
        return generation.get();
    }

    /** Caches an active token unless an invalidation arrived since {@code generationBefore}. */
    public void put(long generationBefore, DigestKey key, TokenKind kind, ActiveToken token) {
        if (!enabled()) {
            return;
        }
        tokens.put(key, new Entry(kind, token));
        if (generation.get() != generationBefore) {
            tokens.invalidate(key);
        }
    }

    /** Drops the token whose {@code TokenHash} a notice names; a malformed hash drops everything. */
    public void dropTokenHash(String tokenHash) {
        DigestKey key;
        try {
            key = DigestKey.ofTokenHash(tokenHash);
        } catch (IllegalArgumentException e) {
            clear();
            return;
        }
        generation.incrementAndGet();
        tokens.invalidate(key);
    }

    public void dropJti(String jti) {
        generation.incrementAndGet();
        tokens.asMap().values().removeIf(e -> jti.equals(e.token().jti()));
    }

    public void dropFamily(String familyId) {
        generation.incrementAndGet();
        tokens.asMap().values().removeIf(e -> familyId.equals(e.token().familyId()));
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
    private record UntilExpiry(long ttlNanos) implements Expiry<DigestKey, Entry> {
        @Override
        public long expireAfterCreate(DigestKey key, Entry entry, long currentTime) {
            long untilExp = TimeUnit.MILLISECONDS.toNanos(entry.token().exp() * 1000 - System.currentTimeMillis());
            return Math.max(0, Math.min(ttlNanos, untilExp));
        }

        @Override
        public long expireAfterUpdate(DigestKey key, Entry entry, long currentTime, long currentDuration) {
            return expireAfterCreate(key, entry, currentTime);
        }

        @Override
        public long expireAfterRead(DigestKey key, Entry entry, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
