package dev.portcullis.revocation.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Settings of revocation-service, prefix {@code oauth.revocation}. Every property can be set by
 * an environment variable ({@code OAUTH_REVOCATION_CACHE_MAX_ENTRIES}...); the README's table
 * lists them with their defaults.
 */
@ConfigMapping(prefix = "oauth.revocation")
public interface RevocationConfig {

    /** Most verified tokens kept in the local cache; beyond it Caffeine evicts the least valuable (W-TinyLFU). */
    @WithDefault("100000")
    long cacheMaxEntries();

    /**
     * Longest time a verified token stays cached. An entry never outlives its token's
     * {@code exp}, and a revocation notice drops it at once; this bounds the damage should a
     * notice be lost. {@code PT0S} disables the cache.
     */
    @WithDefault("PT60S")
    Duration cacheTtl();

    /**
     * RFC 7009 §2.1: revoking a refresh token also revokes the access tokens issued from its
     * family. On by default.
     */
    @WithDefault("true")
    boolean revokeAccessTokensWithRefreshToken();
}
