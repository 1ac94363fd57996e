package dev.portcullis.authorize.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.authorize.config.AuthorizeConfig;
import dev.portcullis.contract.RedisKeys;
import dev.portcullis.contract.TokenHash;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

/**
 * Browser sessions in Redis at {@link RedisKeys#browserSession} keyed by the SHA-256 of the
 * cookie value, expiring {@code oauth.authorize.session-ttl} after login.
 */
@ApplicationScoped
public final class SessionStore {
    private final ReactiveValueCommands<String, String> values;
    private final ObjectMapper json;
    private final AuthorizeConfig config;

    public SessionStore(ReactiveRedisDataSource redis, ObjectMapper json, AuthorizeConfig config) {
        this.values = redis.value(String.class);
        this.json = json;
        this.config = config;
    }

    /** Starts a session for {@code subject}; answers the cookie value (shown to the browser only). */
    public Uni<String> start(String subject) {
        String cookie = TokenHash.newSecret(32);
        BrowserSession s = new BrowserSession(subject, Instant.now().getEpochSecond(), TokenHash.newSecret(16));
        return values.set(key(cookie), write(s), new SetArgs().ex(config.sessionTtl())).replaceWith(cookie);
    }

    /** The session of a cookie value, or empty for none, expired or ended. */
    public Uni<Optional<BrowserSession>> find(String cookie) {
        if (cookie == null || cookie.isEmpty() || cookie.length() > 128) {
            return Uni.createFrom().item(Optional.empty());
        }
        return values.get(key(cookie)).map(v -> v == null ? Optional.<BrowserSession>empty() : Optional.of(read(v)));
    }

    /** Ends a session; answers the session that ended, if any. */
    public Uni<Optional<BrowserSession>> end(String cookie) {
        if (cookie == null || cookie.isEmpty() || cookie.length() > 128) {
            return Uni.createFrom().item(Optional.empty());
        }
        return values.getdel(key(cookie)).map(v -> v == null ? Optional.<BrowserSession>empty() : Optional.of(read(v)));
    }

    private static String key(String cookie) {
        return RedisKeys.browserSession(TokenHash.of(cookie));
    }

    private String write(BrowserSession s) {
        try {
            return json.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private BrowserSession read(String v) {
        try {
            return json.readValue(v, BrowserSession.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable session record", e);
        }
    }
}
