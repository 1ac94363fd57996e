package dev.portcullis.clients;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.portcullis.contract.RedisKeys;
import dev.portcullis.proto.records.v1.ClientChangeNotice;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The subscription to client change notices ({@code ClientChangeNotice} on
 * {@link RedisKeys#CLIENT_CHANGE_CHANNEL}, published by client-registry-service), and its life
 * cycle: subscribe, prove the subscription delivers, lose it, subscribe again, stop at shutdown.
 *
 * <p>Listeners hear the id of each changed client, or null when every client must be considered
 * changed: the subscription was lost (a Redis restart or failover closes it, and notices sent
 * meanwhile are lost), came back, or a notice was unreadable. {@link #listening()} is true only
 * while notices are known to arrive, so a cache derived from client records answers only then.
 * While the subscription is down it is retried every second.
 */
@ApplicationScoped
public class ClientChangeSubscription {
    private static final Logger LOG = Logger.getLogger(ClientChangeSubscription.class);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(200);
    /** Client ids are printable; a probe's cannot be one. */
    private static final String PROBE_PREFIX = "\u0000probe:";

    private final ReactiveRedisDataSource redis;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean retryScheduled = new AtomicBoolean();
    private final AtomicBoolean failing = new AtomicBoolean();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean listening;
    private volatile String probeId;
    private volatile boolean stopping;

    @Inject
    public ClientChangeSubscription(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /** Subscribes, unless already started. Cheap enough to call on every request. */
    public void start() {
        if (started.get() || !started.compareAndSet(false, true)) {
            return;
        }
        subscribe();
    }

    /** True while change notices are being received, so data derived from client records can be trusted. */
    public boolean listening() {
        return listening;
    }

    /**
     * Calls {@code listener} with the id of each changed client, or with null when every client
     * must be considered changed; listeners are called in the order they were added.
     */
    void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    /** Stops retrying once the application shuts down (and the Redis client with it). */
    void stop(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent shutdown) {
        stopping = true;
    }

    /**
     * Subscribes, then proves the subscription delivers by publishing a probe notice (a client id
     * no client can have) until it comes back: only then is it {@link #listening()}. The
     * subscribe call's own confirmation is not relied on, because the Redis client sometimes
     * drops it ("No handler waiting for message: [subscribe, ...]") while the subscription works.
     */
    private void subscribe() {
        String probe = PROBE_PREFIX + UUID.randomUUID();
        probeId = probe;
        redis.pubsub(byte[].class)
                .subscribe(RedisKeys.CLIENT_CHANGE_CHANNEL, this::onNotice, this::onLost, t -> onLost())
                .subscribe().with(
                        s -> {
                        },
                        t -> {
                            if (!failing.getAndSet(true)) {
                                LOG.warnf("Cannot subscribe to client change notices (%s); client caches disabled,"
                                        + " retrying every %s", t.toString(), RETRY);
                            }
                            onLost();
                        });
        sendProbe(probe);
    }

    private void sendProbe(String probe) {
        Uni.createFrom().voidItem().onItem().delayIt().by(PROBE_INTERVAL).subscribe().with(v -> {
            if (listening || stopping || !probe.equals(probeId)) {
                return;
            }
            byte[] notice = ClientChangeNotice.newBuilder().setClientId(probe)
                    .setChange(ClientChangeNotice.Change.UPDATED).build().toByteArray();
            redis.pubsub(byte[].class).publish(RedisKeys.CLIENT_CHANGE_CHANNEL, notice)
                    .subscribe().with(ok -> sendProbe(probe), t -> sendProbe(probe));
        });
    }

    private void onLost() {
        listening = false;
        probeId = null;
        notifyListeners(null);
        if (!stopping && retryScheduled.compareAndSet(false, true)) {
            Uni.createFrom().voidItem().onItem().delayIt().by(RETRY).subscribe().with(v -> {
                retryScheduled.set(false);
                if (!stopping) {
                    subscribe();
                }
            });
        }
    }

    private void onNotice(byte[] message) {
        String clientId;
        try {
            clientId = ClientChangeNotice.parseFrom(message).getClientId();
        } catch (InvalidProtocolBufferException e) {
            LOG.warn("Ignoring a malformed client change notice; every client is considered changed");
            notifyListeners(null);
            return;
        }
        if (clientId.startsWith(PROBE_PREFIX)) {
            if (!listening && clientId.equals(probeId)) {
                // Notices may have been missed before this point: start afresh.
                notifyListeners(null);
                listening = true;
                if (failing.getAndSet(false)) {
                    LOG.info("Subscribed to client change notices again; client caches enabled");
                }
            }
            return;
        }
        notifyListeners(clientId);
    }

    private void notifyListeners(String clientId) {
        for (Consumer<String> l : listeners) {
            try {
                l.accept(clientId);
            } catch (RuntimeException e) {
                LOG.errorf("A client change listener failed: %s", e.toString());
            }
        }
    }
}
