package dev.portcullis.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.proto.client.v1.Client;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Looking clients up: from the cache when it holds them, else from ClientRegistry. */
class ClientDirectoryTest {
    private final AtomicBoolean listening = new AtomicBoolean(true);
    private final ClientCache cache = new ClientCache(listening::get, Duration.ofMinutes(5), 100, System::currentTimeMillis);
    private final Client client = FakeRegistry.client("known", "none");
    private final FakeRegistry registry = new FakeRegistry().with(client, null);
    private final ClientDirectory directory = new ClientDirectory(registry, cache, null);

    @Test
    void whenAKnownClientIsLookedUpTwiceThenTheRegistryIsAskedOnce() {
        assertEquals(Optional.of(client), directory.find("known").await().indefinitely());
        assertEquals(Optional.of(client), directory.find("known").await().indefinitely());
        assertEquals(1, registry.getCalls.get());
    }

    @Test
    void whenTheClientChangedThenTheRegistryIsAskedAgain() {
        directory.find("known").await().indefinitely();
        cache.drop("known");
        directory.find("known").await().indefinitely();
        assertEquals(2, registry.getCalls.get());
    }

    @Test
    void whenTheSubscriptionIsDownThenEveryLookupAsksTheRegistry() {
        listening.set(false);
        directory.find("known").await().indefinitely();
        directory.find("known").await().indefinitely();
        assertEquals(2, registry.getCalls.get());
    }

    @Test
    void whenTheRegistryDoesNotKnowTheClientThenEmpty() {
        assertTrue(directory.find("unknown").await().indefinitely().isEmpty());
    }

    @Test
    void whenTheRegistryIsUnreachableThenTheFailureIsNotTakenForAnUnknownClient() {
        registry.down = true;
        assertThrows(StatusRuntimeException.class, () -> directory.find("known").await().indefinitely());
    }
}
