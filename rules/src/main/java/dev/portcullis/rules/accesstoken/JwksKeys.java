package dev.portcullis.rules.accesstoken;

import dev.portcullis.contract.oauth.OAuthError;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.lang.JoseException;

/**
 * token-service's signing keys, read from its JSON Web Key Set (RFC 7517 §5, {@code portcullis.jwks-url}),
 * for every service that verifies access tokens. One cache policy for all of them:
 *
 * <ul>
 *   <li><b>time to live:</b> the set is fetched again every {@code portcullis.jwks.max-age}
 *       (default 2 minutes), so a key token-service stopped publishing stops verifying. The
 *       default stays below token-service's {@code keys.propagation-delay} (5 minutes) minus its
 *       {@code keys.poll-interval} and {@code keys.jwks-max-age}, so a new key is normally known
 *       here before it signs anything;</li>
 *   <li><b>unknown {@code kid}:</b> a token naming a key not in the set makes the set be fetched
 *       again at once, so a rotation is picked up without a restart even if it came sooner;</li>
 *   <li><b>rate-limited:</b> at most one fetch per {@code portcullis.jwks.min-refetch-interval}
 *       (default 5 s). A caller that finds the limit reached waits for the next allowed fetch
 *       rather than being refused, so a key published a moment ago is never mistaken for a
 *       forgery, and a flood of made-up key ids still costs token-service one request per
 *       interval;</li>
 *   <li><b>single-flight:</b> concurrent callers share the one fetch in flight;</li>
 *   <li><b>never on the event loop:</b> fetches run on a thread of their own ({@code jwks-fetch});
 *       a caller on a Vert.x context gets its answer back on that context;</li>
 *   <li><b>failures:</b> a failed fetch keeps the last set in use and is retried after the
 *       least interval; until a first set was ever loaded, verification is
 *       {@code temporarily_unavailable} (at once, without waiting for the next attempt) and
 *       {@link #loaded()} is false (a readiness check).</li>
 * </ul>
 *
 * <p>The first fetch starts when {@link #start()} is first called (each service does it at
 * start-up) or at the first look-up, so a service that depends on this module without verifying
 * tokens (token-service) never fetches. token-service's own key notices ({@code pc:token-keys})
 * serve its replicas; this cache needs none, since an unknown {@code kid} fetches at once.
 */
@ApplicationScoped
public class JwksKeys {
    private static final Logger LOG = Logger.getLogger(JwksKeys.class);

    private record KeySet(Map<String, JsonWebKey> byKid, long fetchedAtNanos) {
    }

    private final URI url;
    private final long maxAgeNanos;
    private final long minIntervalNanos;
    private final Duration fetchTimeout;
    private final HttpClient http;
    private final ScheduledExecutorService fetcher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jwks-fetch");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicReference<KeySet> current = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<KeySet>> next = new AtomicReference<>();
    /** When the last fetch started; only the fetch thread writes it. */
    private volatile long lastFetchNanos;
    private volatile boolean fetchedOnce;
    /** The timed refresh planned; only the fetch thread reads and writes it. */
    private ScheduledFuture<?> refresh;

    @Inject
    public JwksKeys(@ConfigProperty(name = "portcullis.jwks-url", defaultValue = "http://127.0.0.1:8082/jwks") URI url,
            @ConfigProperty(name = "portcullis.jwks.max-age", defaultValue = "PT2M") Duration maxAge,
            @ConfigProperty(name = "portcullis.jwks.min-refetch-interval", defaultValue = "PT5S") Duration minRefetchInterval,
            @ConfigProperty(name = "portcullis.jwks.fetch-timeout", defaultValue = "PT5S") Duration fetchTimeout) {
        this.url = url;
        this.maxAgeNanos = maxAge.toNanos();
        this.minIntervalNanos = minRefetchInterval.toNanos();
        this.fetchTimeout = fetchTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(fetchTimeout).build();
    }

    /** Starts the first fetch and the refresh every max-age, unless started already. */
    public void start() {
        if (started.compareAndSet(false, true)) {
            fetchSoon(null);
        }
    }

    @PreDestroy
    void stop() {
        fetcher.shutdownNow();
    }

    /** True once a key set has been fetched. */
    public boolean loaded() {
        return current.get() != null;
    }

    /**
     * The verification key named {@code kid}, or empty when token-service does not publish it,
     * even after fetching the set again.
     *
     * @return a failed Uni with {@code temporarily_unavailable} when no key set could ever be fetched
     */
    public Uni<Optional<JsonWebKey>> key(String kid) {
        start();
        KeySet set = current.get();
        JsonWebKey key = set == null ? null : set.byKid().get(kid);
        if (key != null) {
            return Uni.createFrom().item(Optional.of(key));
        }
        if (set == null && fetchedOnce && next.get() == null && System.nanoTime() - lastFetchNanos < minIntervalNanos) {
            // Nothing ever loaded and the last attempt failed a moment ago: say so now rather
            // than make the caller wait for the next attempt.
            return unavailable();
        }
        Context caller = Vertx.currentContext();
        Uni<Optional<JsonWebKey>> fetched = Uni.createFrom().completionStage(() -> fetchSoon(set))
                .map(fresh -> Optional.ofNullable(fresh.byKid().get(kid)))
                .onFailure().recoverWithUni(t -> {
                    KeySet known = current.get();
                    return known == null ? unavailable() : Uni.createFrom().item(Optional.ofNullable(known.byKid().get(kid)));
                });
        return caller == null ? fetched : fetched.emitOn(task -> caller.runOnContext(v -> task.run()));
    }

    private static Uni<Optional<JsonWebKey>> unavailable() {
        return Uni.createFrom().failure(OAuthError.TEMPORARILY_UNAVAILABLE
                .exception("Signing keys are unavailable, retry later"));
    }

    /**
     * The next fetch: the one already planned or running if there is one (single flight); the
     * set loaded since the caller looked at {@code seen}, if one was; otherwise one planned at the
     * earliest time the rate limit allows (now, when it allows it).
     */
    private CompletableFuture<KeySet> fetchSoon(KeySet seen) {
        CompletableFuture<KeySet> planned = new CompletableFuture<>();
        CompletableFuture<KeySet> existing = next.compareAndExchange(null, planned);
        if (existing != null) {
            return existing;
        }
        KeySet loadedMeanwhile = current.get();
        if (loadedMeanwhile != null && loadedMeanwhile != seen) {
            next.set(null);
            planned.complete(loadedMeanwhile);
            return planned;
        }
        long wait = fetchedOnce ? Math.max(0, lastFetchNanos + minIntervalNanos - System.nanoTime()) : 0;
        try {
            fetcher.schedule(() -> load(planned), wait, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            next.set(null);
            planned.completeExceptionally(stopping);
        }
        return planned;
    }

    /** One fetch, on the fetch thread; then the next refresh is planned. */
    private void load(CompletableFuture<KeySet> result) {
        lastFetchNanos = System.nanoTime();
        fetchedOnce = true;
        HttpRequest request = HttpRequest.newBuilder(url).timeout(fetchTimeout).header("Accept", "application/json").GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("JWKS answered " + response.statusCode());
            }
            KeySet set = parse(response.body());
            current.set(set); // before the fetch is over, so no caller sees neither
            next.set(null);
            result.complete(set);
            refreshIn(maxAgeNanos);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warnf("Cannot fetch the JWKS from %s, keeping the keys loaded: %s", url, e.toString());
            next.set(null);
            result.completeExceptionally(e);
            refreshIn(minIntervalNanos);
        }
    }

    /** Plans the timed refresh, replacing the one planned by the fetch before. On the fetch thread. */
    private void refreshIn(long nanos) {
        if (refresh != null) {
            refresh.cancel(false);
        }
        try {
            refresh = fetcher.schedule(() -> fetchSoon(current.get()), nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            LOG.debug("JWKS refresh not planned: shutting down");
        }
    }

    /** The signature keys ({@code use} absent or {@code sig}) that have a {@code kid}, by kid. */
    private static KeySet parse(String json) throws JoseException {
        Map<String, JsonWebKey> byKid = new HashMap<>();
        for (JsonWebKey k : new JsonWebKeySet(json).getJsonWebKeys()) {
            if (k.getKeyId() != null && (k.getUse() == null || "sig".equals(k.getUse()))) {
                byKid.put(k.getKeyId(), k);
            }
        }
        return new KeySet(Map.copyOf(byKid), System.nanoTime());
    }
}
