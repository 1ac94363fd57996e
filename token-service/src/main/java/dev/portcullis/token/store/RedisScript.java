package dev.portcullis.token.store;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.util.List;

/** Runs a Lua script with binary arguments (protobuf records) in one round trip. */
final class RedisScript {
    private final String source;

    RedisScript(String source) {
        this.source = source;
    }

    Uni<Response> run(ReactiveRedisDataSource redis, List<String> keys, List<Object> args) {
        Request r = Request.cmd(Command.EVAL).arg(source).arg(keys.size());
        keys.forEach(r::arg);
        for (Object a : args) {
            if (a instanceof byte[] b) {
                r.arg(Buffer.buffer(b));
            } else {
                r.arg(String.valueOf(a));
            }
        }
        return redis.getRedis().send(r);
    }
}
