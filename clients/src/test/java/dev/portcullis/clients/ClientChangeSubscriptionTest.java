package dev.portcullis.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.contract.RedisKeys;
import dev.portcullis.proto.client.v1.Client;
import dev.portcullis.proto.records.v1.ClientChangeNotice;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The change-notice subscription against the real Redis: it proves it delivers before the cache
 * trusts it, the cache drops a client before other listeners hear of it, and with Redis out of
 * reach nothing is trusted (CONTRIBUTING "Redis topologies": a subscriber that may have missed
 * notices drops what it cached). Client ids are unique to each run; notices for them change
 * nothing elsewhere.
 */
@QuarkusTest
class ClientChangeSubscriptionTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    ClientDirectory directory;
    @Inject
    ClientCache cache;
    @Inject
    ClientChangeSubscription subscription;
    @Inject
    RedisDataSource redis;
    @Inject
    @RedisClientName("unreachable")
    ReactiveRedisDataSource unreachable;

    @Test
    void whenANoticeForAClientArrivesThenTheCacheDropsItBeforeOtherListenersHearOfIt() throws Exception {
        String id = "changed-" + UUID.randomUUID();
        List<Boolean> cachedWhenHeard = new CopyOnWriteArrayList<>();
        List<String> heard = new CopyOnWriteArrayList<>();
        directory.onChange(changed -> {
            if (id.equals(changed)) {
                cachedWhenHeard.add(cache.fresh(id) != null);
                heard.add(changed);
            }
        });
        await("the subscription delivers", subscription::listening);
        cache.store(cache.generation(), id, Client.newBuilder().setClientId(id).build(), null);
        assertTrue(cache.fresh(id) != null);

        redis.pubsub(byte[].class).publish(RedisKeys.CLIENT_CHANGE_CHANNEL, ClientChangeNotice.newBuilder()
                .setClientId(id).setChange(ClientChangeNotice.Change.UPDATED).build().toByteArray());

        await("the listener hears the notice", () -> !heard.isEmpty());
        assertEquals(List.of(false), cachedWhenHeard);
    }

    @Test
    void whenANoticeIsUnreadableThenEveryListenerHearsThatEveryClientMayHaveChanged() throws Exception {
        String id = "kept-" + UUID.randomUUID();
        List<String> heard = new CopyOnWriteArrayList<>();
        directory.onChange(changed -> heard.add(changed == null ? "every client" : changed));
        await("the subscription delivers", subscription::listening);
        cache.store(cache.generation(), id, Client.newBuilder().setClientId(id).build(), null);

        redis.pubsub(byte[].class).publish(RedisKeys.CLIENT_CHANGE_CHANNEL, new byte[] {(byte) 0xff, 0x01});

        await("every client is considered changed", () -> heard.contains("every client"));
        assertTrue(cache.fresh(id) == null);
    }

    @Test
    void whenRedisCannotBeReachedThenTheSubscriptionIsNeverTrustedAndListenersHearEveryClientChanged()
            throws Exception {
        ClientChangeSubscription down = new ClientChangeSubscription(unreachable);
        List<String> heard = new CopyOnWriteArrayList<>();
        down.onChange(changed -> heard.add(Objects.requireNonNullElse(changed, "every client")));
        down.start();
        await("the lost subscription is announced", () -> heard.contains("every client"));
        assertFalse(down.listening());
        down.stop(null);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what + " (waited " + WAIT + ")");
            Thread.sleep(20);
        }
    }
}
