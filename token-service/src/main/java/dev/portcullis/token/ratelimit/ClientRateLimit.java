package dev.portcullis.token.ratelimit;

import dev.portcullis.contract.RedisKeys;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.rules.redis.RedisScript;
import dev.portcullis.token.config.TokenConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Per-client rate limit of {@code POST /token}: a {@link TokenBucket} per client in Redis,
 * refilled and taken from atomically by one script (one round trip, Redis's own clock, so every
 * replica shares the bucket). An empty bucket is 429 {@code too_many_requests} with
 * {@code Retry-After} (RFC 6585 §4), the time until the next token. When Redis cannot be
 * reached the request is let through: the limit protects capacity, it is no security rule.
 */
@ApplicationScoped
public class ClientRateLimit {
    private static final Logger LOG = Logger.getLogger(ClientRateLimit.class);

    /**
     * KEYS: the bucket (hash: {@code tokens}, {@code at} in epoch ms). ARGV: tokens per second,
     * burst. Answers 0 when a token was taken, else the milliseconds until one is there.
     */
    private static final RedisScript TAKE = new RedisScript("""
            local rate = tonumber(ARGV[1])
            local burst = tonumber(ARGV[2])
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
            local tokens = tonumber(state[1]) or burst
            local at = tonumber(state[2]) or now
            if now > at then
              tokens = math.min(burst, tokens + (now - at) * rate / 1000)
              at = now
            end
            local ttl = math.ceil(burst / rate * 1000) + 1000
            if tokens < 1 then
              return math.ceil((1 - tokens) * 1000 / rate)
            end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens - 1), 'at', string.format('%d', at))
            redis.call('PEXPIRE', KEYS[1], ttl)
            return 0
            """);

    private final ReactiveRedisDataSource redis;
    private final TokenConfig.RateLimit config;

    public ClientRateLimit(ReactiveRedisDataSource redis, TokenConfig config) {
        this.redis = redis;
        this.config = config.rateLimit();
    }

    /** Takes a token from the client's bucket, or fails with {@code too_many_requests}. */
    public Uni<Void> take(String clientId) {
        Optional<TokenBucket> bucket = TokenBucket.of(clientId, config);
        if (bucket.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return TAKE.run(redis, List.of(RedisKeys.tokenRateLimit(clientId)),
                List.of(bucket.get().tokensPerSecond(), bucket.get().burst()))
                .onFailure().recoverWithItem(t -> {
                    LOG.debugf("Rate limit not checked, Redis failed: %s", t.toString());
                    return null;
                })
                .chain(r -> {
                    long waitMillis = r == null ? 0 : r.toLong();
                    if (waitMillis <= 0) {
                        return Uni.createFrom().voidItem();
                    }
                    return Uni.createFrom().failure(OAuthError.TOO_MANY_REQUESTS
                            .exception("The client sends requests faster than its rate limit")
                            .withRetryAfter(Duration.ofMillis(waitMillis)));
                });
    }
}
