package dev.portcullis.revocation.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;

/**
 * Settings of revocation-service, prefix {@code oauth.revocation}. Every property can be set by
 * an environment variable ({@code OAUTH_REVOCATION_CACHE_MAX_ENTRIES}...); the README's table
 * lists them with their defaults.
 */
@ConfigMapping(prefix = "oauth.revocation")
public interface RevocationConfig {

    /**
     * token-service's JSON Web Key Set, used to verify RFC 9068 access tokens. Defaults to
     * {@code portcullis.jwks-url} (env {@code PORTCULLIS_JWKS_URL}) in application.properties.
     */
    @WithDefault("http://127.0.0.1:8082/jwks")
    URI jwksUrl();

    /**
     * Least time between two JWKS fetches caused by an unknown {@code kid}, so tokens with
     * made-up key ids cannot turn this service into a load generator against token-service.
     */
    @WithDefault("PT5S")
    Duration jwksMinRefetchInterval();

    /** Age after which the key set is fetched again on the next verification (keys retire). */
    @WithDefault("PT10M")
    Duration jwksMaxAge();

    /** Timeout of one JWKS fetch. */
    @WithDefault("PT5S")
    Duration jwksFetchTimeout();

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
