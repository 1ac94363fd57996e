package dev.portcullis.authorize.userinfo;

import dev.portcullis.authorize.config.PortcullisSettings;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.lang.JoseException;

/**
 * token-service's signing keys, from its JWKS ({@code portcullis.jwks-url}, RFC 7517 §5),
 * cached and fetched again when a token names a key id not in the cache (key rotation), at
 * most once per {@link #REFETCH_INTERVAL} so unknown ids cannot flood token-service.
 */
@ApplicationScoped
public final class JwksKeys {
    static final Duration REFETCH_INTERVAL = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(JwksKeys.class);

    private record Snapshot(List<JsonWebKey> keys, long fetchedAt) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI url;
    private final AtomicReference<Snapshot> cache = new AtomicReference<>(new Snapshot(List.of(), 0));

    public JwksKeys(PortcullisSettings settings) {
        this.url = URI.create(settings.jwksUrl());
    }

    /** The keys, fetched again first when {@code kid} is unknown and the last fetch is not too recent. */
    public Uni<List<JsonWebKey>> keysFor(String kid) {
        Snapshot s = cache.get();
        boolean known = s.keys().stream().anyMatch(k -> kid == null || kid.equals(k.getKeyId()));
        if (known || System.currentTimeMillis() - s.fetchedAt() < REFETCH_INTERVAL.toMillis()) {
            return Uni.createFrom().item(s.keys());
        }
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(3)).GET().build();
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                .map(response -> {
                    if (response.statusCode() != 200) {
                        LOG.warnf("JWKS answered %d", response.statusCode());
                        return s.keys();
                    }
                    try {
                        List<JsonWebKey> keys = List.copyOf(new JsonWebKeySet(response.body()).getJsonWebKeys());
                        cache.set(new Snapshot(keys, System.currentTimeMillis()));
                        return keys;
                    } catch (JoseException e) {
                        LOG.warn("JWKS is not a valid key set");
                        return s.keys();
                    }
                })
                .onFailure().recoverWithItem(t -> {
                    LOG.warnf("JWKS unreachable: %s", t.getClass().getSimpleName());
                    return s.keys();
                });
    }
}
