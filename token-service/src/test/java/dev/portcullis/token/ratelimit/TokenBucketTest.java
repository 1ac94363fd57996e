package dev.portcullis.token.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.token.config.TokenConfig;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Which bucket applies to a client: its own entry, else the default, else none. */
class TokenBucketTest {

    record Own(double tokensPerSecond, OptionalInt burst) implements TokenConfig.ClientRateLimit {
    }

    record Limits(OptionalDouble tokensPerSecond, OptionalInt burst, Map<String, TokenConfig.ClientRateLimit> clients)
            implements TokenConfig.RateLimit {
    }

    @Test
    void whenNothingIsConfiguredThenNoLimit() {
        assertTrue(TokenBucket.of("any", new Limits(OptionalDouble.empty(), OptionalInt.empty(), Map.of())).isEmpty());
    }

    @Test
    void whenOnlyADefaultIsConfiguredThenEveryClientGetsItAndBurstDefaultsToTheRateRoundedUp() {
        Limits limits = new Limits(OptionalDouble.of(2.5), OptionalInt.empty(), Map.of());
        assertEquals(Optional.of(new TokenBucket(2.5, 3)), TokenBucket.of("any", limits));
    }

    @Test
    void whenAClientHasAnEntryThenItWinsOverTheDefault() {
        Limits limits = new Limits(OptionalDouble.of(100), OptionalInt.of(200),
                Map.of("slow", new Own(0.5, OptionalInt.empty()), "exempt", new Own(0, OptionalInt.empty())));
        assertEquals(Optional.of(new TokenBucket(0.5, 1)), TokenBucket.of("slow", limits));
        assertTrue(TokenBucket.of("exempt", limits).isEmpty());
        assertEquals(Optional.of(new TokenBucket(100, 200)), TokenBucket.of("other", limits));
    }
}
