package dev.portcullis.token.ratelimit;

import dev.portcullis.token.config.TokenConfig;
import java.util.Optional;

/**
 * The token bucket of one client at the token endpoint: {@code burst} requests at once after a
 * quiet while, then {@code tokensPerSecond} on average. A client's own entry
 * ({@code oauth.token.rate-limit.clients."<client_id>"}) wins over the default; a rate of 0 or
 * less means no limit.
 */
public record TokenBucket(double tokensPerSecond, int burst) {

    /** The bucket that applies to {@code clientId}, or none when it is not limited. */
    public static Optional<TokenBucket> of(String clientId, TokenConfig.RateLimit config) {
        TokenConfig.ClientRateLimit own = config.clients().get(clientId);
        if (own != null) {
            return of(own.tokensPerSecond(), own.burst());
        }
        if (config.tokensPerSecond().isPresent()) {
            return of(config.tokensPerSecond().getAsDouble(), config.burst());
        }
        return Optional.empty();
    }

    private static Optional<TokenBucket> of(double rate, java.util.OptionalInt burst) {
        if (rate <= 0) {
            return Optional.empty();
        }
        return Optional.of(new TokenBucket(rate, burst.orElse((int) Math.max(1, Math.ceil(rate)))));
    }
}
