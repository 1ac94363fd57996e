package dev.portcullis.rules.redis;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Runs a Lua script with binary arguments (protobuf records) in one round trip: EVALSHA, so the
 * source is neither sent nor hashed by Redis on every call; EVAL (which also caches it) only when
 * the server answers NOSCRIPT, i.e. after a restart, a failover or on a new Cluster node.
 *
 * <p>Every key a script touches must be passed in {@code keys} and share one hash tag
 * ({@code RedisKeys}), so the script runs on Redis Cluster as well as standalone. Arguments are
 * {@code byte[]} (sent as is) or anything else (sent as its {@code String.valueOf}).
 */
public final class RedisScript {
    private final String source;
    private final String sha1;

    public RedisScript(String source) {
        this.source = source;
        this.sha1 = sha1(source);
    }

    /**
     * @param keys every key the script reads or writes, in the order it names them ({@code KEYS})
     * @param args its arguments ({@code ARGV})
     * @return the script's reply; a Redis error other than NOSCRIPT fails the {@code Uni} as is
     */
    public Uni<Response> run(ReactiveRedisDataSource redis, List<String> keys, List<Object> args) {
        return redis.getRedis().send(request(Command.EVALSHA, sha1, keys, args))
                .onFailure(RedisScript::isNoScript)
                .recoverWithUni(() -> redis.getRedis().send(request(Command.EVAL, source, keys, args)));
    }

    private static Request request(Command command, String script, List<String> keys, List<Object> args) {
        Request r = Request.cmd(command).arg(script).arg(keys.size());
        keys.forEach(r::arg);
        for (Object a : args) {
            if (a instanceof byte[] b) {
                r.arg(Buffer.buffer(b));
            } else {
                r.arg(String.valueOf(a));
            }
        }
        return r;
    }

    /** A Redis error reply starts with its kind (RESP "simple errors"); NOSCRIPT means "not cached here". */
    private static boolean isNoScript(Throwable t) {
        return t.getMessage() != null && t.getMessage().startsWith("NOSCRIPT");
    }

    private static String sha1(String source) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
