package dev.portcullis.revocation.jwt;

import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.revocation.config.RevocationConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.lang.JoseException;

/**
 * token-service's signing keys, read from its JWKS (CONTRIBUTING "Verifying JWT access tokens"):
 * cached, fetched again when a token names an unknown {@code kid} (a new key was published) or
 * when the set is older than {@code jwks-max-age} (a key was retired). Refetches caused by
 * unknown key ids are rate-limited, and concurrent callers share one fetch.
 */
@ApplicationScoped
public class JwksKeys {
    private static final Logger LOG = Logger.getLogger(JwksKeys.class);

    private record KeySet(Map<String, JsonWebKey> byKid, long fetchedAtNanos) {
    }

    private final RevocationConfig config;
    private final HttpClient http;
    private final AtomicReference<KeySet> current = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<KeySet>> inFlight = new AtomicReference<>();
    private volatile long lastAttemptNanos = System.nanoTime() - Long.MAX_VALUE / 2;

    public JwksKeys(RevocationConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.jwksFetchTimeout()).build();
    }

    /**
     * The verification key for {@code kid}, or empty when token-service does not publish it.
     *
     * @throws dev.portcullis.contract.oauth.OAuthException temporarily_unavailable (as a failed
     *         Uni) when no key set could ever be fetched
     */
    public Uni<Optional<JsonWebKey>> key(String kid) {
        KeySet set = current.get();
        long now = System.nanoTime();
        boolean stale = set == null || now - set.fetchedAtNanos() > config.jwksMaxAge().toNanos();
        JsonWebKey key = set == null ? null : set.byKid().get(kid);
        if (key != null && !stale) {
            return Uni.createFrom().item(Optional.of(key));
        }
        boolean fetching = inFlight.get() != null;
        if (!fetching && now - lastAttemptNanos < config.jwksMinRefetchInterval().toNanos()) {
            return set == null ? unavailable() : Uni.createFrom().item(Optional.ofNullable(key));
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

    private CompletableFuture<KeySet> fetch() {
        CompletableFuture<KeySet> mine = new CompletableFuture<>();
        CompletableFuture<KeySet> running = inFlight.compareAndExchange(null, mine);
        if (running != null) {
            return running;
        }
        lastAttemptNanos = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(config.jwksUrl())
                .timeout(config.jwksFetchTimeout())
                .header("Accept", "application/json")
                .GET().build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            try {
                if (error != null) {
                    throw error;
                }
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("JWKS answered " + response.statusCode());
                }
                KeySet set = parse(response.body());
                current.set(set); // before the fetch is over, so no caller sees neither
                inFlight.set(null);
                mine.complete(set);
            } catch (Throwable t) {
                LOG.warnf("Cannot fetch the JWKS from %s: %s", config.jwksUrl(), t.toString());
                inFlight.set(null);
                mine.completeExceptionally(t);
            }
        });
        return mine;
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
