package dev.portcullis.registry.authn;

import dev.portcullis.registry.config.RegistryConfig;
import dev.portcullis.registry.model.RegisteredClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.lang.JoseException;

/**
 * The public keys a client signs its assertions with (RFC 7591 §2 {@code jwks} /
 * {@code jwks_uri}). Key sets fetched from a {@code jwks_uri} are cached for
 * {@code oauth.registry.assertions.jwks-uri-cache-ttl}; a forced refresh is limited to one per
 * {@link #MIN_REFRESH_INTERVAL} per URI so a stream of bad assertions cannot turn this service
 * into a request amplifier.
 */
@ApplicationScoped
public final class ClientKeys {
    private static final Duration MIN_REFRESH_INTERVAL = Duration.ofSeconds(10);
    /** Key sets are small: refuse anything larger. */
    private static final int MAX_JWKS_BYTES = 64 * 1024;

    private final HttpClient http;
    private final Duration timeout;
    private final long ttlMillis;
    private final ConcurrentHashMap<String, Fetched> fetched = new ConcurrentHashMap<>();

    private record Fetched(List<JsonWebKey> keys, long at) {
    }

    public ClientKeys(RegistryConfig config) {
        this.timeout = config.assertions().jwksUriTimeout();
        this.ttlMillis = config.assertions().jwksUriCacheTtl().toMillis();
        this.http = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * @param refresh fetch {@code jwks_uri} again (unless it was fetched very recently)
     */
    public Uni<List<JsonWebKey>> of(RegisteredClient client, boolean refresh) {
        String jwks = client.metadata().jwks();
        if (jwks != null) {
            return Uni.createFrom().item(() -> parse(jwks));
        }
        String uri = client.metadata().jwksUri();
        if (uri == null) {
            return Uni.createFrom().item(List.of());
        }
        Fetched cached = fetched.get(uri);
        long now = System.currentTimeMillis();
        if (cached != null && (refresh ? now - cached.at() < MIN_REFRESH_INTERVAL.toMillis()
                : now - cached.at() < ttlMillis)) {
            return Uni.createFrom().item(cached.keys());
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri)).timeout(timeout)
                .header("Accept", "application/json").GET().build();
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                .map(response -> {
                    if (response.statusCode() != 200 || response.body().length() > MAX_JWKS_BYTES) {
                        throw new IllegalStateException("jwks_uri answered " + response.statusCode());
                    }
                    List<JsonWebKey> keys = parse(response.body());
                    fetched.put(uri, new Fetched(keys, System.currentTimeMillis()));
                    return keys;
                });
    }

    private static List<JsonWebKey> parse(String json) {
        try {
            return new JsonWebKeySet(json).getJsonWebKeys();
        } catch (JoseException e) {
            throw new IllegalStateException("Not a JWK Set", e);
        }
    }
}
