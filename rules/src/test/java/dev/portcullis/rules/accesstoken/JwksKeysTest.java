package dev.portcullis.rules.accesstoken;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The one JWKS cache policy (see {@link JwksKeys}): a rotation is picked up without a restart, a
 * withdrawn key stops verifying after the time to live, made-up key ids share one rate-limited
 * fetch, and a failed fetch keeps the keys loaded. Against a real JWKS document over HTTP; the
 * waits below wait for an outcome, they assert no duration.
 */
class JwksKeysTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final JwksDocument jwks = new JwksDocument();
    private final List<JwksKeys> caches = new ArrayList<>();

    @AfterEach
    void stop() {
        caches.forEach(JwksKeys::stop);
        jwks.close();
    }

    private JwksKeys cache(Duration maxAge, Duration minRefetchInterval) {
        JwksKeys keys = new JwksKeys(jwks.url(), maxAge, minRefetchInterval, Duration.ofSeconds(5));
        caches.add(keys);
        return keys;
    }

    private static Optional<JsonWebKey> key(JwksKeys keys, String kid) {
        return keys.key(kid).await().atMost(WAIT);
    }

    @Test
    void whenStartedThenTheKeysAreLoadedBeforeAnyToken() throws InterruptedException {
        jwks.publish(JwksDocument.rsaKey());
        JwksKeys keys = cache(Duration.ofMinutes(2), Duration.ofSeconds(5));
        assertFalse(keys.loaded());
        keys.start();
        while (!keys.loaded()) {
            Thread.sleep(20);
        }
        assertEquals(1, jwks.fetches());
    }

    @Test
    void whenATokenNamesAKeyPublishedAfterTheLastFetchThenItIsFetchedAtOnce() {
        PublicJsonWebKey old = jwks.publish(JwksDocument.rsaKey());
        JwksKeys keys = cache(Duration.ofHours(1), Duration.ofMillis(200));
        assertTrue(key(keys, old.getKeyId()).isPresent());

        PublicJsonWebKey rotated = jwks.publish(JwksDocument.ecKey());

        assertEquals(rotated.getKeyId(), key(keys, rotated.getKeyId()).orElseThrow().getKeyId());
        assertEquals(2, jwks.fetches());
    }

    @Test
    void whenAKeyIsWithdrawnThenItStopsVerifyingAfterTheTimeToLive() throws InterruptedException {
        PublicJsonWebKey retired = jwks.publish(JwksDocument.rsaKey());
        jwks.publish(JwksDocument.ecKey());
        JwksKeys keys = cache(Duration.ofMillis(300), Duration.ofMillis(100));
        assertTrue(key(keys, retired.getKeyId()).isPresent());

        jwks.withdraw(retired);

        long deadline = System.nanoTime() + WAIT.toNanos();
        while (keys.key(retired.getKeyId()).await().atMost(WAIT).isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(key(keys, retired.getKeyId()).isEmpty());
    }

    @Test
    void whenManyUnknownKidsArriveDuringAFetchThenTheyShareIt() {
        jwks.publish(JwksDocument.rsaKey());
        JwksKeys keys = cache(Duration.ofHours(1), Duration.ZERO);
        keys.start();
        key(keys, "warm-up-" + UUID.randomUUID());
        int before = jwks.fetches();

        jwks.hold();
        List<UniAssertSubscriber<Optional<JsonWebKey>>> callers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            callers.add(keys.key("bogus-" + UUID.randomUUID()).subscribe().withSubscriber(UniAssertSubscriber.create()));
        }
        jwks.open();
        callers.forEach(c -> assertTrue(c.awaitItem(WAIT).getItem().isEmpty()));

        assertEquals(before + 1, jwks.fetches(), "one fetch for a hundred unknown kids");
    }

    @Test
    void whenTheLastFetchIsRecentThenAnUnknownKidWaitsForTheNextAllowedFetch() {
        jwks.publish(JwksDocument.rsaKey());
        JwksKeys keys = cache(Duration.ofHours(2), Duration.ofHours(1));
        key(keys, "first-" + UUID.randomUUID());
        assertEquals(1, jwks.fetches());

        UniAssertSubscriber<Optional<JsonWebKey>> waiting = keys.key("bogus-" + UUID.randomUUID()).subscribe()
                .withSubscriber(UniAssertSubscriber.create());
        UniAssertSubscriber<Optional<JsonWebKey>> another = keys.key("bogus-" + UUID.randomUUID()).subscribe()
                .withSubscriber(UniAssertSubscriber.create());

        waiting.assertNotTerminated();
        another.assertNotTerminated();
        assertEquals(1, jwks.fetches(), "no fetch before the least interval has passed");
        waiting.cancel();
        another.cancel();
    }

    @Test
    void whenAFetchFailsThenTheKeysLoadedStayInUse() {
        PublicJsonWebKey known = jwks.publish(JwksDocument.rsaKey());
        JwksKeys keys = cache(Duration.ofHours(1), Duration.ofMillis(100));
        assertTrue(key(keys, known.getKeyId()).isPresent());

        jwks.close();

        assertTrue(key(keys, "unknown-" + UUID.randomUUID()).isEmpty());
        assertTrue(key(keys, known.getKeyId()).isPresent());
        assertTrue(keys.loaded());
    }
}
