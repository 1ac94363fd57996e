package dev.portcullis.authorize.login;

import dev.portcullis.authorize.config.AuthorizeConfig;
import dev.portcullis.contract.RedisKeys;
import dev.portcullis.contract.TokenHash;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/**
 * Throttles password checks (DESIGN: login is rate-limited per account and per address) with
 * growing delays instead of a lockout, at three levels kept in Redis:
 * <ul>
 * <li>one account from one client address: a few free failures, then each attempt waits
 * twice as long as the one before, up to a long ceiling; the guesser's address stays slow;</li>
 * <li>one account from every address it never signed in from: past a ceiling of failures,
 * attempts from such addresses wait a short, bounded delay between them, so a guesser spread
 * over many addresses is slowed while the owner waits seconds, never the whole window, and
 * not at all from an address they signed in from before;</li>
 * <li>one address over every account (an office behind one NAT address): past its ceiling,
 * accounts that never signed in from it wait a short, bounded delay between attempts.</li>
 * </ul>
 * An admitted attempt counts as a failure from the moment it is admitted (so a burst of
 * concurrent guesses cannot all pass before the first failure is counted) until its password
 * proves right: {@link #succeeded} takes the count back, clears the account-and-address
 * level and remembers the address. Counters are forgotten a window after the last attempt.
 * The three account-level records share the account's hash tag and change in one script; the
 * address record is changed alone (Redis Cluster: one slot per command).
 */
@ApplicationScoped
public final class LoginThrottle {
    private final ReactiveRedisDataSource redis;
    private final AuthorizeConfig.LoginThrottle settings;

    public LoginThrottle(ReactiveRedisDataSource redis, AuthorizeConfig config) {
        this.redis = redis;
        this.settings = config.loginThrottle();
    }

    /** The answer to one attempt: admitted (check the password), or wait {@code retryAfter}. */
    public record Admission(boolean admitted, Duration retryAfter, Keys keys, boolean knownAddress) {
        static Admission waitFor(long millis, Keys keys) {
            return new Admission(false, Duration.ofMillis(Math.max(1, millis)), keys, false);
        }
    }

    /** The Redis keys of one account and one address. */
    public record Keys(String account, String accountAddress, String knownAddress, String address) {
        static Keys of(String username, String clientAddress) {
            String accountHash = TokenHash.of(username.toLowerCase(java.util.Locale.ROOT));
            String addressHash = TokenHash.of(clientAddress == null || clientAddress.isEmpty() ? "unknown" : clientAddress);
            return new Keys(RedisKeys.loginAccount(accountHash), RedisKeys.loginAccountAddress(accountHash, addressHash),
                    RedisKeys.loginKnownAddress(accountHash, addressHash), RedisKeys.loginAddress(addressHash));
        }

        List<String> accountLevel() {
            return List.of(accountAddress, account, knownAddress);
        }
    }

    /** Admits the attempt of {@code username} from {@code clientAddress}, or says how long to wait. */
    public Uni<Admission> admit(String username, String clientAddress) {
        Keys keys = Keys.of(username, clientAddress);
        AuthorizeConfig.Level pair = settings.accountAndAddress();
        AuthorizeConfig.Level account = settings.account();
        return LoginThrottleScripts.ADMIT_ACCOUNT.run(redis, keys.accountLevel(), List.of(
                pair.freeFailures(), pair.baseDelay().toMillis(), pair.maxDelay().toMillis(),
                account.freeFailures(), account.baseDelay().toMillis(), account.maxDelay().toMillis(),
                settings.window().toMillis())).chain(r -> {
                    if (!admitted(r)) {
                        return Uni.createFrom().item(Admission.waitFor(r.get(1).toLong(), keys));
                    }
                    boolean known = r.get(2).toInteger() == 1;
                    return known ? Uni.createFrom().item(new Admission(true, Duration.ZERO, keys, true)) : admitAddress(keys);
                });
    }

    /** The password was right: the attempt was no failure, and the address is now known to the account. */
    public Uni<Void> succeeded(Admission admission) {
        Keys keys = admission.keys();
        Uni<Response> account = LoginThrottleScripts.SUCCEEDED.run(redis, keys.accountLevel(),
                List.of(settings.knownAddressTtl().toMillis(), admission.knownAddress() ? 1 : 0));
        if (admission.knownAddress()) {
            return account.replaceWithVoid();
        }
        return account.chain(() -> LoginThrottleScripts.TAKE_BACK.run(redis, List.of(keys.address()), List.of()))
                .replaceWithVoid();
    }

    /**
     * The password could not be checked (the user store failed): the attempt was no failure, so
     * its count is taken back, nothing else changes.
     */
    public Uni<Void> released(Admission admission) {
        Keys keys = admission.keys();
        if (admission.knownAddress()) {
            return LoginThrottleScripts.TAKE_BACK.run(redis, List.of(keys.accountAddress()), List.of()).replaceWithVoid();
        }
        return LoginThrottleScripts.TAKE_BACK.run(redis, List.of(keys.accountAddress(), keys.account()), List.of())
                .chain(() -> LoginThrottleScripts.TAKE_BACK.run(redis, List.of(keys.address()), List.of()))
                .replaceWithVoid();
    }

    private Uni<Admission> admitAddress(Keys keys) {
        AuthorizeConfig.Level address = settings.address();
        return LoginThrottleScripts.ADMIT_ADDRESS.run(redis, List.of(keys.address()), List.of(address.freeFailures(),
                address.baseDelay().toMillis(), address.maxDelay().toMillis(), settings.window().toMillis()))
                .chain(r -> admitted(r)
                        ? Uni.createFrom().item(new Admission(true, Duration.ZERO, keys, false))
                        : LoginThrottleScripts.TAKE_BACK.run(redis, List.of(keys.accountAddress(), keys.account()), List.of())
                                .replaceWith(Admission.waitFor(r.get(1).toLong(), keys)));
    }

    private static boolean admitted(Response r) {
        return r.get(0).toInteger() == 1;
    }
}
