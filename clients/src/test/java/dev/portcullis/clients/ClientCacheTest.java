package dev.portcullis.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.portcullis.proto.client.v1.Client;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What the client cache keeps, for how long, and what makes it forget (DESIGN "Client authentication"). */
class ClientCacheTest {
    private final AtomicBoolean listening = new AtomicBoolean(true);
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final ClientCache cache = new ClientCache(listening::get, Duration.ofMinutes(5), 3, now::get);
    private final Client client = FakeRegistry.client("cached-client", "client_secret_basic");

    @Nested
    class WhileChangeNoticesArrive {

        @Test
        void whenAClientIsStoredThenItIsServedWithTheSecretHashTheRegistryAccepted() {
            cache.store(cache.generation(), "cached-client", client, "hash");
            ClientCache.Entry e = cache.fresh("cached-client");
            assertEquals(client, e.client());
            assertEquals("hash", e.verifiedSecretHash());
        }

        @Test
        void whenTheTimeToLiveHasPassedThenTheClientIsAskedForAgain() {
            cache.store(cache.generation(), "cached-client", client, null);
            now.addAndGet(Duration.ofMinutes(5).toMillis());
            assertNotNull(cache.fresh("cached-client"));
            now.incrementAndGet();
            assertNull(cache.fresh("cached-client"));
        }

        @Test
        void whenMoreClientsThanTheLimitAreStoredThenTheCacheStartsEmpty() {
            for (String id : new String[] {"a", "b", "c"}) {
                cache.store(cache.generation(), id, client, null);
            }
            cache.store(cache.generation(), "d", client, null);
            assertNull(cache.fresh("a"));
            assertNotNull(cache.fresh("d"));
        }
    }

    @Nested
    class ChangeNotices {

        @Test
        void whenTheClientChangesThenItIsDroppedAndOthersKept() {
            cache.store(cache.generation(), "cached-client", client, null);
            cache.store(cache.generation(), "other", client, null);
            cache.drop("cached-client");
            assertNull(cache.fresh("cached-client"));
            assertNotNull(cache.fresh("other"));
        }

        @Test
        void whenEveryClientMayHaveChangedThenAllAreDropped() {
            cache.store(cache.generation(), "cached-client", client, null);
            cache.store(cache.generation(), "other", client, null);
            cache.drop(null);
            assertNull(cache.fresh("cached-client"));
            assertNull(cache.fresh("other"));
        }

        @Test
        void whenAChangeArrivesWhileTheRegistryIsAskedThenItsAnswerIsNotKept() {
            long generation = cache.generation();
            cache.drop("cached-client");
            cache.store(generation, "cached-client", client, null);
            assertNull(cache.fresh("cached-client"));
        }
    }

    @Nested
    class WhileTheSubscriptionIsDown {

        @Test
        void whenNoticesMayBeMissedThenNothingIsServed() {
            cache.store(cache.generation(), "cached-client", client, null);
            listening.set(false);
            assertNull(cache.fresh("cached-client"));
        }

        @Test
        void whenNoticesMayBeMissedThenNothingIsKept() {
            listening.set(false);
            cache.store(cache.generation(), "cached-client", client, null);
            listening.set(true);
            assertNull(cache.fresh("cached-client"));
        }
    }
}
