package dev.portcullis.registry.store;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.portcullis.contract.RedisKeys;
import dev.portcullis.proto.records.v1.ClientChangeNotice;
import dev.portcullis.registry.config.RegistryConfig;
import dev.portcullis.registry.model.RegisteredClient;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Client records held in memory so {@code AuthenticateClient} on the token hot path makes no
 * database call for a known client (DESIGN "Hot paths"). Entries are dropped on this replica's
 * own changes and on every {@code ClientChangeNotice} (from other replicas), and expire after
 * {@code oauth.registry.cache.ttl} should a notice be missed.
 */
@ApplicationScoped
public final class ClientCache {
    private static final Logger LOG = Logger.getLogger(ClientCache.class);
    private static final Duration RESUBSCRIBE_DELAY = Duration.ofSeconds(5);
    private static final Duration LOST_RESUBSCRIBE_DELAY = Duration.ofSeconds(1);

    private final ClientStore store;
    private final ReactiveRedisDataSource redis;
    private final long ttlMillis;
    private final int maxEntries;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final AtomicBoolean resubscribing = new AtomicBoolean();
    private volatile boolean stopping;

    private record Entry(RegisteredClient client, long loadedAt) {
    }

    public ClientCache(ClientStore store, ReactiveRedisDataSource redis, RegistryConfig config) {
        this.store = store;
        this.redis = redis;
        this.ttlMillis = config.cache().ttl().toMillis();
        this.maxEntries = config.cache().maxEntries();
    }

    void subscribe(@Observes StartupEvent start) {
        subscribe();
    }

    void stop(@Observes ShutdownEvent stop) {
        stopping = true;
    }

    private void subscribe() {
        redis.pubsub(byte[].class)
                .subscribe(RedisKeys.CLIENT_CHANGE_CHANNEL, this::onNotice, this::onLost, t -> onLost())
                .onFailure().invoke(t -> LOG.warnf("Cannot subscribe to client change notices yet: %s", t.toString()))
                .onFailure().retry().withBackOff(RESUBSCRIBE_DELAY, RESUBSCRIBE_DELAY.multipliedBy(6)).indefinitely()
                .subscribe().with(s -> LOG.debug("Subscribed to client change notices"));
    }

    /**
     * The subscription ended (Redis restarted, a Sentinel or Cluster failover): notices from other
     * replicas are missed until it is back, so everything held is dropped and it subscribes again.
     */
    private void onLost() {
        generation.incrementAndGet();
        entries.clear();
        if (!stopping && resubscribing.compareAndSet(false, true)) {
            Uni.createFrom().voidItem().onItem().delayIt().by(LOST_RESUBSCRIBE_DELAY).subscribe().with(v -> {
                resubscribing.set(false);
                subscribe();
            });
        }
    }

    /** The client, from memory when known and fresh, else from the store. */
    public Uni<Optional<RegisteredClient>> find(String clientId) {
        Entry e = entries.get(clientId);
        if (e != null && System.currentTimeMillis() - e.loadedAt() <= ttlMillis) {
            return Uni.createFrom().item(Optional.of(e.client()));
        }
        long gen = generation.get();
        return store.find(clientId).invoke(found -> found.ifPresent(c -> put(gen, c)));
    }

    /** Drops one client. */
    public void invalidate(String clientId) {
        generation.incrementAndGet();
        entries.remove(clientId);
    }

    private void put(long gen, RegisteredClient client) {
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        Entry entry = new Entry(client, System.currentTimeMillis());
        entries.put(client.clientId(), entry);
        if (generation.get() != gen) {
            // A change landed while the row was read: the row may predate it.
            entries.remove(client.clientId(), entry);
        }
    }

    private void onNotice(byte[] message) {
        try {
            invalidate(ClientChangeNotice.parseFrom(message).getClientId());
        } catch (InvalidProtocolBufferException e) {
            generation.incrementAndGet();
            entries.clear();
        }
    }
}
