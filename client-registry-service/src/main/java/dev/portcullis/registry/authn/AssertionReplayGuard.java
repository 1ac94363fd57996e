package dev.portcullis.registry.authn;

import dev.portcullis.contract.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Single use of client assertions (RFC 7523 §3 item 7): the first use of a {@code jti} sets
 * {@link RedisKeys#clientAssertionJti} with {@code SET NX EX}, kept until the assertion could
 * no longer be accepted; any later use finds the key and is refused. Shared by every replica.
 */
@ApplicationScoped
public final class AssertionReplayGuard {
    private final ReactiveRedisDataSource redis;

    public AssertionReplayGuard(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /** True when this is the first use of {@code jti} for the client. */
    public Uni<Boolean> firstUse(String clientId, String jti, long ttlSeconds) {
        return redis.execute("SET", RedisKeys.clientAssertionJti(clientId, jti), "1", "NX", "EX",
                        Long.toString(Math.max(1, ttlSeconds)))
                .map(response -> response != null && "OK".equals(response.toString()));
    }
}
