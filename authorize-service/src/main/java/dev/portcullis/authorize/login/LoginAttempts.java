package dev.portcullis.authorize.login;

import dev.portcullis.authorize.config.AuthorizeConfig;
import dev.portcullis.contract.RedisKeys;
import dev.portcullis.contract.TokenHash;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Counters of failed logins per account and per client address in Redis, over a fixed window
 * (DESIGN: login is rate-limited per account and per address). Accounts are keyed by a hash
 * of the lower-cased username, so Redis holds no usernames.
 */
@ApplicationScoped
public final class LoginAttempts {
    private static final String PREFIX = RedisKeys.PREFIX + "login-failures:";

    private final ReactiveValueCommands<String, Long> counters;
    private final ReactiveKeyCommands<String> keys;
    private final AuthorizeConfig.RateLimit limits;

    public LoginAttempts(ReactiveRedisDataSource redis, AuthorizeConfig config) {
        this.counters = redis.value(Long.class);
        this.keys = redis.key();
        this.limits = config.rateLimit();
    }

    /**
     * True when either the account or the address has used up its failures for the window. Two
     * GETs sent together, not one MGET: the two keys lie in different hash slots on Redis Cluster.
     */
    public Uni<Boolean> blocked(String username, String address) {
        return Uni.combine().all().unis(counters.get(accountKey(username)), counters.get(addressKey(address)))
                .with((account, byAddress) -> (account != null && account >= limits.maxFailuresPerAccount())
                        || (byAddress != null && byAddress >= limits.maxFailuresPerAddress()));
    }

    /** Counts one failure against both the account and the address. */
    public Uni<Void> recordFailure(String username, String address) {
        return increment(accountKey(username)).chain(() -> increment(addressKey(address)));
    }

    /** A successful login clears the account's counter (the address keeps its count). */
    public Uni<Void> recordSuccess(String username) {
        return keys.del(accountKey(username)).replaceWithVoid();
    }

    /** Minutes until the window ends, for the message shown to the person. */
    public long windowMinutes() {
        return Math.max(1, limits.window().toMinutes());
    }

    private Uni<Void> increment(String key) {
        return counters.incr(key).chain(n -> n == 1
                ? keys.expire(key, limits.window()).replaceWithVoid()
                : Uni.createFrom().voidItem());
    }

    private static String accountKey(String username) {
        return PREFIX + "account:" + TokenHash.of(username.toLowerCase());
    }

    private static String addressKey(String address) {
        return PREFIX + "address:" + (address == null || address.isEmpty() ? "unknown" : address);
    }
}
