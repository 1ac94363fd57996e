package dev.portcullis.revocation.jwt;

import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.revocation.config.RevocationConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.lang.JoseException;

/**
 * token-service's signing keys, read from its JWKS (CONTRIBUTING "Verifying JWT access tokens").
 *
 * <ul>
 *   <li>fetched at start-up and again every {@code jwks-max-age} (a key was retired), on a
 *       thread of its own, never on the event loop; readiness reports DOWN until a key set is
 *       loaded ({@link #loaded()}), and a failed fetch is retried every
 *       {@code jwks-min-refetch-interval};</li>
 *   <li>fetched again when a token names an unknown {@code kid} (a new key was published),
 *       rate-limited to one fetch per {@code jwks-min-refetch-interval}, concurrent callers
 *       sharing one fetch;</li>
 *   <li>when a refresh fails, the last key set stays in use.</li>
 * </ul>
 */
@ApplicationScoped
public class JwksKeys {
    private static final Logger LOG = Logger.getLogger(JwksKeys.class);

    private record KeySet(Map<String, JsonWebKey> byKid, long fetchedAtNanos) {
    }

    private final RevocationConfig config;
    private final HttpClient http;
    private final ScheduledExecutorService fetcher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jwks-fetch");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<KeySet> current = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<KeySet>> inFlight = new AtomicReference<>();
    private volatile long lastAttemptNanos = System.nanoTime() - Long.MAX_VALUE / 2;

    public JwksKeys(RevocationConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.jwksFetchTimeout()).build();
    }

    void onStart(@Observes StartupEvent event) {
        fetcher.execute(this::refresh);
    }

    void onStop(@Observes ShutdownEvent event) {
        fetcher.shutdownNow();
    }

    /** True once a key set has been fetched; readiness reports it. */
    public boolean loaded() {
        return current.get() != null;
    }

    /**
     * The verification key for {@code kid}, or empty when token-service does not publish it.
     *
     * @throws dev.portcullis.contract.oauth.OAuthException temporarily_unavailable (as a failed
     *         Uni) when no key set could ever be fetched
     */
    public Uni<Optional<JsonWebKey>> key(String kid) {
        KeySet set = current.get();
        JsonWebKey key = set == null ? null : set.byKid().get(kid);
        if (key != null) {
            return Uni.createFrom().item(Optional.of(key));
        }
        boolean fetching = inFlight.get() != null;
        if (!fetching && System.nanoTime() - lastAttemptNanos < config.jwksMinRefetchInterval().toNanos()) {
            return set == null ? unavailable() : Uni.createFrom().item(Optional.empty());
        }
        return Uni.createFrom().completionStage(this::fetch)
                .map(fresh -> Optional.ofNullable(fresh.byKid().get(kid)))
                .onFailure().recoverWithUni(t -> {
                    KeySet known = current.get();
                    if (known == null) {
                        return unavailable();
                    }
                    return Uni.createFrom().item(Optional.ofNullable(known.byKid().get(kid)));
                });
    }

    private static Uni<Optional<JsonWebKey>> unavailable() {
        return Uni.createFrom().failure(OAuthError.TEMPORARILY_UNAVAILABLE
                .exception("Signing keys are unavailable, retry later"));
    }

    /** The scheduled fetch: again after {@code jwks-max-age}, or sooner when it failed. */
    private void refresh() {
        fetch().whenComplete((set, error) -> {
            long nextNanos = error == null
                    ? config.jwksMaxAge().toNanos()
                    : config.jwksMinRefetchInterval().toNanos();
            KeySet now = current.get();
            if (error != null && now != null) {
                // The last set stays in use; try again once it is due, at the least interval.
                long age = System.nanoTime() - now.fetchedAtNanos();
                nextNanos = Math.max(nextNanos, config.jwksMaxAge().toNanos() - age);
            }
            try {
                fetcher.schedule(this::refresh, nextNanos, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // shutting down
            }
        });
    }

    /** One fetch, on the fetch thread; concurrent callers share it. */
    private CompletableFuture<KeySet> fetch() {
        CompletableFuture<KeySet> mine = new CompletableFuture<>();
        CompletableFuture<KeySet> running = inFlight.compareAndExchange(null, mine);
        if (running != null) {
            return running;
        }
        lastAttemptNanos = System.nanoTime();
        try {
            fetcher.execute(() -> load(mine));
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            inFlight.set(null);
            mine.completeExceptionally(stopping);
        }
        return mine;
    }

    private void load(CompletableFuture<KeySet> result) {
        HttpRequest request = HttpRequest.newBuilder(config.jwksUrl())
                .timeout(config.jwksFetchTimeout())
                .header("Accept", "application/json")
                .GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("JWKS answered " + response.statusCode());
            }
            KeySet set = parse(response.body());
            current.set(set); // before the fetch is over, so no caller sees neither
            inFlight.set(null);
            result.complete(set);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warnf("Cannot fetch the JWKS from %s: %s", config.jwksUrl(), e.toString());
            inFlight.set(null);
            result.completeExceptionally(e);
        }
    }

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
