package dev.portcullis.revocation.store;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import dev.portcullis.contract.RedisKeys;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthException;
import dev.portcullis.proto.records.v1.OpaqueAccessTokenRecord;
import dev.portcullis.proto.records.v1.RefreshFamilyRecord;
import dev.portcullis.proto.records.v1.RefreshTokenRecord;
import dev.portcullis.proto.records.v1.RevokedTokenRecord;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The token state shared through Redis (CONTRIBUTING "Agreements between services"): the
 * records of {@code records.proto} under the keys of {@link RedisKeys}. Reads are one round
 * trip each; a Redis failure becomes {@code temporarily_unavailable}, never a 500.
 */
@ApplicationScoped
public final class TokenStateStore {
    private static final Logger LOG = Logger.getLogger(TokenStateStore.class);

    /** KEYS: family. ARGV: the bytes read, the revoked record. 1 when replaced, 0 when changed meanwhile. */
    private static final String REPLACE_IF_UNCHANGED = """
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
            redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
            return 1""";
    private static final int FAMILY_REVOKE_ATTEMPTS = 5;

    private final ReactiveRedisDataSource redis;
    private final ReactiveValueCommands<String, byte[]> values;
    private final ReactiveKeyCommands<String> keys;

    public TokenStateStore(ReactiveRedisDataSource redis) {
        this.redis = redis;
        this.values = redis.value(String.class, byte[].class);
        this.keys = redis.key(String.class);
    }

    /** A refresh token and its family, read together: both keys share the family's hash slot. */
    public record RefreshState(Optional<RefreshTokenRecord> token, Optional<RefreshFamilyRecord> family) {
    }

    /** True when a {@code RevokedTokenRecord} exists for the access token id. */
    public Uni<Boolean> isAccessTokenRevoked(String jti) {
        return guard(keys.exists(RedisKeys.revokedAccessToken(jti)));
    }

    public Uni<Optional<OpaqueAccessTokenRecord>> opaqueAccessToken(String tokenHash) {
        return guard(values.get(RedisKeys.opaqueAccessToken(tokenHash)))
                .map(b -> parse(b, OpaqueAccessTokenRecord.parser()));
    }

    public Uni<RefreshState> refreshToken(String familyId, String tokenHash) {
        String tokenKey = RedisKeys.refreshToken(familyId, tokenHash);
        String familyKey = RedisKeys.refreshFamily(familyId);
        return guard(values.mget(tokenKey, familyKey)).map((Map<String, byte[]> m) -> new RefreshState(
                parse(m.get(tokenKey), RefreshTokenRecord.parser()),
                parse(m.get(familyKey), RefreshFamilyRecord.parser())));
    }

    public Uni<Optional<RefreshFamilyRecord>> refreshFamily(String familyId) {
        return guard(values.get(RedisKeys.refreshFamily(familyId)))
                .map(b -> parse(b, RefreshFamilyRecord.parser()));
    }

    /** Writes a {@code RevokedTokenRecord} that expires exactly at the token's own {@code exp}. */
    public Uni<Void> revokeAccessToken(String jti, long exp, String clientId) {
        RevokedTokenRecord record = RevokedTokenRecord.newBuilder()
                .setJti(jti)
                .setExpiresAt(exp)
                .setRevokedAt(Instant.now().getEpochSecond())
                .setClientId(clientId)
                .build();
        return guard(values.set(RedisKeys.revokedAccessToken(jti), record.toByteArray(), new SetArgs().exAt(exp)));
    }

    /** Removes an opaque access token record: the token is then unknown everywhere. */
    public Uni<Void> deleteOpaqueAccessToken(String tokenHash) {
        return guard(keys.del(RedisKeys.opaqueAccessToken(tokenHash))).replaceWithVoid();
    }

    /** Removes one refresh token record (its family record carries the revocation). */
    public Uni<Void> deleteRefreshToken(String familyId, String tokenHash) {
        return guard(keys.del(RedisKeys.refreshToken(familyId, tokenHash))).replaceWithVoid();
    }

    /**
     * Rewrites the family record with {@code revoked=true}, keeping its time to live, so
     * token-service refuses every token of the family until the family would have expired.
     * Compare-and-set on the bytes read (one Lua script), retried when token-service changed the
     * family meanwhile, so an access token it just added to the family is not lost.
     *
     * @return the family as revoked, listing its access tokens; empty when it no longer exists
     */
    public Uni<Optional<RefreshFamilyRecord>> revokeFamily(String familyId) {
        return guard(revokeFamily(RedisKeys.refreshFamily(familyId), FAMILY_REVOKE_ATTEMPTS));
    }

    private Uni<Optional<RefreshFamilyRecord>> revokeFamily(String key, int attempts) {
        return values.get(key).chain(bytes -> {
            Optional<RefreshFamilyRecord> family = parse(bytes, RefreshFamilyRecord.parser());
            if (family.isEmpty() || family.get().getRevoked()) {
                return Uni.createFrom().item(family);
            }
            RefreshFamilyRecord revoked = family.get().toBuilder().setRevoked(true).build();
            Request cas = Request.cmd(Command.EVAL).arg(REPLACE_IF_UNCHANGED).arg(1).arg(key)
                    .arg(Buffer.buffer(bytes)).arg(Buffer.buffer(revoked.toByteArray()));
            return redis.getRedis().send(cas).chain(r -> {
                if (r != null && r.toInteger() == 1) {
                    return Uni.createFrom().item(Optional.of(revoked));
                }
                return attempts > 1 ? revokeFamily(key, attempts - 1)
                        : Uni.createFrom().failure(new IllegalStateException("Family kept changing while being revoked"));
            });
        });
    }

    private static <T> Uni<T> guard(Uni<T> call) {
        return call.onFailure(t -> !(t instanceof OAuthException)).transform(t -> {
            LOG.warnf("Redis call failed: %s", t.toString());
            return OAuthError.TEMPORARILY_UNAVAILABLE.exception("Token state is unavailable, retry later");
        });
    }

    private static <T extends MessageLite> Optional<T> parse(byte[] bytes, Parser<T> parser) {
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.parseFrom(bytes));
        } catch (InvalidProtocolBufferException e) {
            LOG.warn("Ignoring a malformed token state record");
            return Optional.empty();
        }
    }
}
