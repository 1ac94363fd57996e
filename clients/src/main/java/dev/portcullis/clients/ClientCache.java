package dev.portcullis.clients;

import dev.portcullis.proto.client.v1.Client;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The client records of ClientRegistry held locally, each with the SHA-256 of a secret the
 * registry has already accepted for it, if any. Entries are dropped at once on the client's
 * change notice ({@link ClientChangeSubscription}), all of them when notices may have been
 * missed, and nothing is served or kept while the subscription is down. A time-to-live
 * ({@code portcullis.client-cache.ttl}, 5 minutes) bounds staleness should a notice ever be lost
 * in transit; past {@code portcullis.client-cache.max-entries} (10000) the cache starts empty.
 *
 * <p>A singleton, not a normal-scoped bean: it is created with the first bean that uses it, and so
 * hears every notice before any listener added through {@link ClientDirectory#onChange}.
 */
@Singleton
public final class ClientCache {
    private final BooleanSupplier trusted;
    private final long ttlMillis;
    private final int maxEntries;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    /**
     * A cached client.
     *
     * @param verifiedSecretHash the SHA-256 of a secret ClientRegistry accepted, or null
     */
    record Entry(Client client, String verifiedSecretHash, long loadedAt) {
    }

    @Inject
    public ClientCache(ClientChangeSubscription notices,
            @ConfigProperty(name = "portcullis.client-cache.ttl", defaultValue = "PT5M") Duration ttl,
            @ConfigProperty(name = "portcullis.client-cache.max-entries", defaultValue = "10000") int maxEntries) {
        this(notices::listening, ttl, maxEntries, System::currentTimeMillis);
        notices.onChange(this::drop);
        notices.start();
    }

    /** @param trusted true while change notices arrive, so entries may be served and kept */
    ClientCache(BooleanSupplier trusted, Duration ttl, int maxEntries, LongSupplier clock) {
        this.trusted = trusted;
        this.ttlMillis = ttl.toMillis();
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /** The entry of a client, or null when absent, expired or not to be trusted now. */
    Entry fresh(String clientId) {
        if (!trusted.getAsBoolean()) {
            return null;
        }
        Entry e = entries.get(clientId);
        if (e != null && clock.getAsLong() - e.loadedAt() > ttlMillis) {
            entries.remove(clientId, e);
            return null;
        }
        return e;
    }

    /** Taken before asking ClientRegistry, and handed to {@link #store} with its answer. */
    long generation() {
        return generation.get();
    }

    /**
     * Keeps what ClientRegistry answered, unless a change was heard since {@code generation} was
     * taken: the answer may then be stale.
     */
    void store(long generation, String clientId, Client client, String verifiedSecretHash) {
        if (!trusted.getAsBoolean()) {
            return;
        }
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        Entry entry = new Entry(client, verifiedSecretHash, clock.getAsLong());
        entries.put(clientId, entry);
        if (this.generation.get() != generation) {
            entries.remove(clientId, entry);
        }
    }

    /** Drops a client, or every client when {@code clientId} is null. */
    void drop(String clientId) {
        generation.incrementAndGet();
        if (clientId == null) {
            entries.clear();
        } else {
            entries.remove(clientId);
        }
    }
}
