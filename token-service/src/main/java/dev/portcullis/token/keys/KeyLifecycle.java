package dev.portcullis.token.keys;

import dev.portcullis.token.config.TokenConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Keeps the {@link KeyRing} current on every replica: creates the first keys at start-up,
 * re-reads the table every {@code oauth.token.keys.poll-interval} and whenever a rotation
 * notice arrives on Redis, and creates the next key when the rotation period has passed or an
 * administrator asks for it.
 */
@ApplicationScoped
public class KeyLifecycle {
    /** Pub/sub channel on which a replica announces a new key (payload: its kid). */
    public static final String KEY_CHANNEL = "pc:token-keys";
    private static final Logger LOG = Logger.getLogger(KeyLifecycle.class);
    private static final Logger AUDIT = Logger.getLogger("audit");
    private static final Duration RESUBSCRIBE_DELAY = Duration.ofSeconds(1);

    private final SigningKeyStore store;
    private final SigningKeyGenerator generator;
    private final KeyRing ring;
    private final ReactiveRedisDataSource redis;
    private final Clock clock;
    private final Duration pollInterval;
    private final Duration rotationPeriod;
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "signing-key-poll");
        t.setDaemon(true);
        return t;
    });

    public KeyLifecycle(SigningKeyStore store, SigningKeyGenerator generator, KeyRing ring, ReactiveRedisDataSource redis, Clock clock,
            TokenConfig config) {
        this.store = store;
        this.generator = generator;
        this.ring = ring;
        this.redis = redis;
        this.clock = clock;
        this.pollInterval = config.keys().pollInterval();
        this.rotationPeriod = config.keys().rotationPeriod();
    }

    void onStart(@Observes StartupEvent event) throws Throwable {
        VertxContextSupport.subscribeAndAwait(this::reload);
        refresh();
        long every = pollInterval.toMillis();
        poller.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
        subscribe();
    }

    void onStop(@Observes ShutdownEvent event) {
        poller.shutdownNow();
    }

    /**
     * Creates a next key for every algorithm now (admin request), announces it, and reloads.
     * Runs on the key thread, like every other key change, so key generation never blocks the event loop.
     */
    public Uni<List<String>> rotateNow() {
        return Uni.createFrom().completionStage(() -> java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            List<SigningKeyEntity> candidates = candidates();
            try {
                return VertxContextSupport.subscribeAndAwait(() -> rotateDue(true, candidates)
                        .call(kids -> announce(kids)).call(kids -> reload()));
            } catch (Throwable t) {
                throw new IllegalStateException("Key rotation failed", t);
            }
        }, poller));
    }

    /** One fresh key per algorithm; instants are filled in by the store under its lock. */
    private List<SigningKeyEntity> candidates() {
        List<SigningKeyEntity> keys = new ArrayList<>();
        for (SigningAlgorithm alg : SigningAlgorithm.values()) {
            keys.add(generator.generate(alg, clock.instant(), clock.instant()));
        }
        return keys;
    }

    private void poll() {
        try {
            refresh();
            subscribe();
        } catch (Throwable t) {
            LOG.warnf("Cannot refresh signing keys, keeping the ones loaded: %s", t.toString());
        }
    }

    /** Creates the keys that are due (none loaded, or past the rotation period), then reloads the ring. */
    private void refresh() throws Throwable {
        List<SigningKeyEntity> due = new ArrayList<>();
        for (SigningAlgorithm alg : SigningAlgorithm.values()) {
            Optional<SigningKey> newest = ring.newest(alg);
            if (newest.isEmpty() || !newest.get().activatesAt().plus(rotationPeriod).isAfter(clock.instant())) {
                due.add(generator.generate(alg, clock.instant(), clock.instant()));
            }
        }
        Uni<List<String>> rotation = due.isEmpty() ? Uni.createFrom().item(List.of()) : rotateDue(false, due);
        VertxContextSupport.subscribeAndAwait(() -> rotation.call(kids -> announce(kids)).chain(kids -> reload()));
    }

    private Uni<List<String>> rotateDue(boolean force, List<SigningKeyEntity> candidates) {
        Uni<List<String>> chain = Uni.createFrom().item(new ArrayList<>());
        for (SigningKeyEntity candidate : candidates) {
            SigningAlgorithm alg = SigningAlgorithm.valueOf(candidate.alg);
            chain = chain.chain(kids -> store.rotateIfDue(alg, clock.instant(), force, (created, activates) -> {
                candidate.createdAt = created;
                candidate.activatesAt = activates;
                return candidate;
            }).map(kid -> {
                kid.ifPresent(k -> {
                    AUDIT.infof("signing-key.created kid=%s alg=%s trigger=%s", k, alg, force ? "admin" : "schedule");
                    kids.add(k);
                });
                return kids;
            }));
        }
        return chain;
    }

    private Uni<Void> reload() {
        return store.published(clock.instant()).invoke(ring::load).replaceWithVoid();
    }

    private Uni<Void> announce(List<String> kids) {
        if (kids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(kids)
                .onItem().transformToUniAndConcatenate(kid -> redis.pubsub(byte[].class)
                        .publish(KEY_CHANNEL, kid.getBytes(StandardCharsets.UTF_8)))
                .collect().last().replaceWithVoid()
                .onFailure().recoverWithItem(t -> {
                    LOG.warnf("Cannot announce new signing keys; replicas will see them on their next poll: %s", t.toString());
                    return null;
                });
    }

    /** Subscribes to key notices unless subscribed; retried every second while Redis cannot be reached. */
    private void subscribe() {
        if (!subscribed.compareAndSet(false, true)) {
            return;
        }
        redis.pubsub(byte[].class).subscribe(KEY_CHANNEL, message -> onPoller(this::poll), () -> onLost(null), this::onLost)
                .subscribe().with(
                        s -> {
                            if (interrupted.getAndSet(false)) {
                                LOG.info("Subscribed to signing key notices again");
                                onPoller(this::poll);
                            }
                        },
                        this::onLost);
    }

    /**
     * The subscription ended (Redis restarted, a Sentinel or Cluster failover) or could not be
     * made: subscribe again in a second; once back, one poll catches up with what was announced.
     */
    private void onLost(Throwable cause) {
        if (!interrupted.getAndSet(true)) {
            LOG.warnf("No signing key notices (%s): polling meanwhile, subscribing again every %s",
                    cause == null ? "subscription ended" : cause.toString(), RESUBSCRIBE_DELAY);
        }
        if (subscribed.compareAndSet(true, false)) {
            try {
                poller.schedule(this::subscribe, RESUBSCRIBE_DELAY.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException shuttingDown) {
                LOG.debug("Not subscribing to signing key notices again: shutting down");
            }
        }
    }

    private void onPoller(Runnable task) {
        try {
            poller.execute(task);
        } catch (RejectedExecutionException shuttingDown) {
            LOG.debug("Signing key poll skipped: shutting down");
        }
    }
}
