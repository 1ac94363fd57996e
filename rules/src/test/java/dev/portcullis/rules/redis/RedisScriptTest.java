package dev.portcullis.rules.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Scripts run by digest (EVALSHA); a server that does not hold the script (restart, failover, a
 * new Cluster node) answers NOSCRIPT and gets it once by EVAL. Tested with a script no server has
 * seen, instead of flushing the shared script cache.
 */
@QuarkusTest
class RedisScriptTest {
    @Inject
    ReactiveRedisDataSource reactive;

    @Test
    void whenTheServerDoesNotHoldTheScriptThenItIsSentOnceAndLaterCallsUseTheDigest() {
        String marker = UUID.randomUUID().toString();
        RedisScript script = new RedisScript("return ARGV[1] .. '" + marker + "'");

        String first = script.run(reactive, List.of(), List.of("a:")).await().atMost(Duration.ofSeconds(10)).toString();
        String second = script.run(reactive, List.of(), List.of("b:")).await().atMost(Duration.ofSeconds(10)).toString();

        assertEquals("a:" + marker, first);
        assertEquals("b:" + marker, second);
    }

    @Test
    void whenTheScriptFailsForAnotherReasonThenTheErrorIsNotRetriedAsNoscript() {
        RedisScript script = new RedisScript("return redis.error_reply('BOOM " + UUID.randomUUID() + "')");
        Throwable failure = script.run(reactive, List.of(), List.of()).onItem().<Throwable>transform(r -> null)
                .onFailure().recoverWithItem(t -> t).await().atMost(Duration.ofSeconds(10));
        assertTrue(failure != null && failure.getMessage().startsWith("BOOM"));
    }
}
