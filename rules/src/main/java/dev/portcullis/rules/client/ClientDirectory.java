package dev.portcullis.rules.client;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.portcullis.contract.RedisKeys;
import dev.portcullis.contract.TokenHash;
import dev.portcullis.contract.oauth.ClientAuthMethod;
import dev.portcullis.proto.client.v1.AuthenticateClientResponse;
import dev.portcullis.proto.client.v1.Client;
import dev.portcullis.proto.client.v1.ClientRegistry;
import dev.portcullis.proto.client.v1.GetClientRequest;
import dev.portcullis.proto.records.v1.ClientChangeNotice;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The client records of ClientRegistry as the token, revocation and authorize services see
 * them: cached locally, dropped at once when a {@code ClientChangeNotice} arrives on Redis
 * pub/sub, so a hot path makes no remote call for a known client.
 *
 * <p>Secret authentication is cached as the SHA-256 of a secret that ClientRegistry has already
 * accepted; a later request with the same secret is checked locally, in constant time. The
 * registry's own secret hash and its key never leave the registry. Assertions
 * ({@code private_key_jwt}) are single-use and always go to the registry.
 *
 * <p>While the subscription is down (Redis restarted, connection dropped) notices could be
 * missed, so nothing is served from the cache: every lookup asks ClientRegistry, and the
 * subscription is retried every second; once it is back, the cache starts empty. Other caches
 * derived from client records follow the same notices through {@link #onChange}. A
 * time-to-live (default 5 minutes) bounds staleness should a notice ever be lost in transit.
 */
@ApplicationScoped
public class ClientDirectory {
    private static final Logger LOG = Logger.getLogger(ClientDirectory.class);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(200);
    /** Client ids are printable; a probe's cannot be one. */
    private static final String PROBE_PREFIX = "\u0000probe:";

    private final ClientRegistry registry;
    private final ReactiveRedisDataSource redis;
    private final long ttlMillis;
    private final int maxEntries;
    private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final AtomicBoolean retryScheduled = new AtomicBoolean();
    private final AtomicBoolean failing = new AtomicBoolean();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean listening;
    private volatile String probeId;
    private volatile boolean stopping;

    private record Entry(Client client, String verifiedSecretHash, long loadedAt) {
    }

    @Inject
    public ClientDirectory(@GrpcClient("client-registry") ClientRegistry registry,
            ReactiveRedisDataSource redis,
            @ConfigProperty(name = "portcullis.client-cache.ttl", defaultValue = "PT5M") Duration ttl,
            @ConfigProperty(name = "portcullis.client-cache.max-entries", defaultValue = "10000") int maxEntries) {
        this.registry = registry;
        this.redis = redis;
        this.ttlMillis = ttl.toMillis();
        this.maxEntries = maxEntries;
    }

    /** The client, or empty when ClientRegistry does not know it. */
    public Uni<Optional<Client>> find(String clientId) {
        ensureSubscribed();
        Entry e = fresh(clientId);
        if (e != null) {
            return Uni.createFrom().item(Optional.of(e.client()));
        }
        long gen = generation.get();
        return registry.getClient(GetClientRequest.newBuilder().setClientId(clientId).build())
                .map(c -> {
                    store(gen, clientId, new Entry(c, null, System.currentTimeMillis()));
                    return Optional.of(c);
                })
                .onFailure(t -> Status.fromThrowable(t).getCode() == Status.Code.NOT_FOUND)
                .recoverWithItem(Optional.empty());
    }

    /**
     * Authenticates a client (RFC 6749 §2.3, RFC 7523 §3).
     *
     * @param expectedAudiences audiences a client assertion may carry
     * @return the enabled client
     * @throws dev.portcullis.contract.oauth.OAuthException invalid_client (401, with a Basic
     *         challenge when the header was used) when authentication fails
     */
    public Uni<Client> authenticate(ClientCredentials credentials, List<String> expectedAudiences) {
        ensureSubscribed();
        if (credentials.method() == ClientAuthMethod.NONE) {
            return find(credentials.clientId()).map(found -> {
                Client c = found.filter(Client::getEnabled)
                        .orElseThrow(() -> credentials.refused("Client authentication failed"));
                if (!ClientAuthMethod.NONE.isRegisteredFor(c)) {
                    throw credentials.refused("Client authentication failed");
                }
                return c;
            });
        }
        String presentedHash = credentials.secret() == null ? null : TokenHash.of(credentials.secret());
        Entry e = fresh(credentials.clientId());
        if (presentedHash != null && e != null && e.verifiedSecretHash() != null
                && TokenHash.constantTimeEquals(e.verifiedSecretHash(), presentedHash)
                && credentials.method().isRegisteredFor(e.client())) {
            return Uni.createFrom().item(e.client());
        }
        long gen = generation.get();
        return registry.authenticateClient(credentials.toRequest(expectedAudiences))
                .onFailure().transform(t -> {
                    LOG.warnf("ClientRegistry.AuthenticateClient failed: %s", Status.fromThrowable(t).getCode());
                    return dev.portcullis.contract.oauth.OAuthError.TEMPORARILY_UNAVAILABLE
                            .exception("Client authentication is unavailable, retry later");
                })
                .map((AuthenticateClientResponse r) -> {
                    if (!r.getAuthenticated() || !r.getClient().getEnabled()) {
                        throw credentials.refused(r.getErrorDescription().isEmpty()
                                ? "Client authentication failed" : r.getErrorDescription());
                    }
                    store(gen, credentials.clientId(), new Entry(r.getClient(), presentedHash, System.currentTimeMillis()));
                    return r.getClient();
                });
    }

    /** Drops a client from the cache. Called for every change notice. */
    public void invalidate(String clientId) {
        generation.incrementAndGet();
        cache.remove(clientId);
    }

    /**
     * Calls {@code listener} after this cache has dropped a client on its change notice, with
     * the client's id, or with null when every client must be considered changed (the
     * subscription was lost or a notice was unreadable). Subscribes now if not yet subscribed.
     */
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
        ensureSubscribed();
    }

    /** True while change notices are being received, so cached client data can be trusted. */
    public boolean listening() {
        return listening;
    }

    /*
     * A lifecycle callback, not an observer of ShutdownEvent: an observer would keep this bean
     * (and the Redis data source it injects) alive in applications that only have proto on their
     * class path without using it, and start Redis there.
     */
    @PreDestroy
    void stop() {
        stopping = true;
    }

    private void dropAll() {
        generation.incrementAndGet();
        cache.clear();
        notifyListeners(null);
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

    private Entry fresh(String clientId) {
        if (!listening) {
            return null;
        }
        Entry e = cache.get(clientId);
        if (e != null && System.currentTimeMillis() - e.loadedAt() > ttlMillis) {
            cache.remove(clientId, e);
            return null;
        }
        return e;
    }

    private void store(long gen, String clientId, Entry entry) {
        if (!listening) {
            return;
        }
        if (cache.size() >= maxEntries) {
            cache.clear();
        }
        cache.put(clientId, entry);
        if (generation.get() != gen) {
            // An invalidation arrived while the call was in flight: the answer may be stale.
            cache.remove(clientId, entry);
        }
    }

    private void ensureSubscribed() {
        if (subscribed.get() || !subscribed.compareAndSet(false, true)) {
            return;
        }
        subscribe();
    }

    /**
     * Subscribes, then proves the subscription delivers by publishing a probe notice (a client id
     * no client can have) until it comes back: only then does the cache answer again. The
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
                                LOG.warnf("Cannot subscribe to client change notices (%s); client cache disabled,"
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
        dropAll();
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
            LOG.warn("Ignoring a malformed client change notice; dropping the whole cache");
            dropAll();
            return;
        }
        if (clientId.startsWith(PROBE_PREFIX)) {
            if (!listening && clientId.equals(probeId)) {
                // Notices may have been missed before this point: start afresh.
                dropAll();
                listening = true;
                if (failing.getAndSet(false)) {
                    LOG.info("Subscribed to client change notices again; client cache enabled");
                }
            }
            return;
        }
        invalidate(clientId);
        notifyListeners(clientId);
    }
}
