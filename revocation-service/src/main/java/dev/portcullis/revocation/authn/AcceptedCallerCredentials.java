package dev.portcullis.revocation.authn;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.portcullis.contract.RedisKeys;
import dev.portcullis.contract.client.ClientDirectory;
import dev.portcullis.proto.client.v1.Client;
import dev.portcullis.proto.records.v1.ClientChangeNotice;
import dev.portcullis.revocation.cache.DigestKey;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * gRPC caller credentials already accepted for introspection (RFC 7662 §2.1: authenticated,
 * enabled, {@code can_introspect}), so a unary call from a known caller costs one SHA-256 of its
 * {@code authorization} metadata instead of parsing it, hashing the secret and a reactive round
 * through {@code ClientDirectory}.
 *
 * <ul>
 *   <li>keyed by the SHA-256 of the whole metadata value ({@link DigestKey}, compared in constant
 *       time): the secret is never kept in clear, and any other value is a miss, checked in
 *       full;</li>
 *   <li>bounded and aged like the client cache ({@code portcullis.client-cache.max-entries},
 *       {@code portcullis.client-cache.ttl});</li>
 *   <li>a client change notice (secret rotated, {@code can_introspect} withdrawn, client
 *       disabled or deleted) drops the client's entries at once; while that subscription is down
 *       nothing is served from here and the subscription is retried every second;</li>
 *   <li>an acceptance that raced with a notice is not kept (generation counter), and the shared
 *       {@code ClientDirectory} entry is dropped with it, so the next check is made afresh.</li>
 * </ul>
 */
@ApplicationScoped
public class AcceptedCallerCredentials {
    private static final Logger LOG = Logger.getLogger(AcceptedCallerCredentials.class);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final ReactiveRedisDataSource redis;
    private final ClientDirectory clients;
    private final Cache<DigestKey, Client> accepted;
    private final AtomicLong generation = new AtomicLong();
    private final AtomicBoolean retryScheduled = new AtomicBoolean();
    private volatile boolean listening;
    private volatile boolean stopping;

    public AcceptedCallerCredentials(ReactiveRedisDataSource redis, ClientDirectory clients,
            @ConfigProperty(name = "portcullis.client-cache.ttl", defaultValue = "PT5M") Duration ttl,
            @ConfigProperty(name = "portcullis.client-cache.max-entries", defaultValue = "10000") int maxEntries) {
        this.redis = redis;
        this.clients = clients;
        this.accepted = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(ttl).build();
    }

    void onStart(@Observes StartupEvent event) {
        subscribe();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /** The client whose accepted credential hashes to {@code credential}, or null. */
    public Client get(DigestKey credential) {
        return listening ? accepted.getIfPresent(credential) : null;
    }

    /** Read before authenticating; pass to {@link #put}. */
    public long generation() {
        return generation.get();
    }

    /** Remembers an accepted credential unless a change notice arrived since {@code generationBefore}. */
    public void put(long generationBefore, DigestKey credential, Client client) {
        if (!listening) {
            return;
        }
        accepted.put(credential, client);
        if (generation.get() != generationBefore) {
            accepted.invalidate(credential);
        }
    }

    /**
     * Drops a client's accepted credentials. The shared client cache drops the client first, so
     * an authentication that starts after this one cannot be answered from a record older than
     * the notice, whichever of the two subscribers hears the notice first.
     */
    void drop(String clientId) {
        clients.invalidate(clientId);
        generation.incrementAndGet();
        accepted.asMap().values().removeIf(c -> clientId.equals(c.getClientId()));
    }

    private void clear() {
        generation.incrementAndGet();
        accepted.invalidateAll();
    }

    private void subscribe() {
        redis.pubsub(byte[].class)
                .subscribe(RedisKeys.CLIENT_CHANGE_CHANNEL, this::onNotice, this::onLost, t -> onLost())
                .subscribe().with(
                        s -> listening = true,
                        t -> {
                            LOG.warnf("Cannot subscribe to client change notices, retrying: %s", t.toString());
                            onLost();
                        });
    }

    private void onLost() {
        listening = false;
        clear();
        if (!stopping && retryScheduled.compareAndSet(false, true)) {
            Uni.createFrom().voidItem().onItem().delayIt().by(RETRY).subscribe().with(v -> {
                retryScheduled.set(false);
                subscribe();
            });
        }
    }

    private void onNotice(byte[] message) {
        try {
            drop(ClientChangeNotice.parseFrom(message).getClientId());
        } catch (InvalidProtocolBufferException e) {
            LOG.warn("Malformed client change notice: dropping every accepted caller credential");
            clear();
        }
    }
}
