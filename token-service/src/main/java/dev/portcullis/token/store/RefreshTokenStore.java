package dev.portcullis.token.store;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.portcullis.contract.RedisKeys;
import dev.portcullis.proto.records.v1.RefreshFamilyRecord;
import dev.portcullis.proto.records.v1.RefreshTokenRecord;
import dev.portcullis.rules.redis.RedisScript;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * Refresh tokens and their families in Redis (CONTRIBUTING "Refresh tokens"), stored under the
 * hash of the token; a token's key and its family's key share the family hash tag, so every
 * change below is one atomic script, also on Redis Cluster.
 *
 * <p>Changes are compare-and-set on the exact bytes read: two requests racing with one token
 * cannot both succeed (RFC 9700 §4.14.2). Revoking a family is the rule both token-service and
 * revocation-service enforce, {@code dev.portcullis.rules.revocation.FamilyRevocation}, which
 * compares and sets the family the same way, so neither overwrites the other's change.
 */
@ApplicationScoped
public class RefreshTokenStore {
    /** KEYS: family, token. ARGV: family bytes, token bytes, expire-at (epoch s). Fails if the family exists. */
    private static final RedisScript CREATE = new RedisScript("""
            if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EXAT', ARGV[3]) then return 0 end
            redis.call('SET', KEYS[2], ARGV[2], 'EXAT', ARGV[3])
            return 1""");
    /**
     * KEYS: token, family, new token. ARGV: expected token, expected family, replacement token,
     * new family, new token (may be empty), new token expire-at. Answers 1 on success, 0 when the
     * token changed (used concurrently), -1 when the family changed. The token is rewritten only
     * when it changes (spent by rotation).
     */
    private static final RedisScript COMMIT = new RedisScript("""
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
            if redis.call('GET', KEYS[2]) ~= ARGV[2] then return -1 end
            if ARGV[3] ~= ARGV[1] then redis.call('SET', KEYS[1], ARGV[3], 'KEEPTTL') end
            redis.call('SET', KEYS[2], ARGV[4], 'KEEPTTL')
            if ARGV[5] ~= '' then redis.call('SET', KEYS[3], ARGV[5], 'EXAT', ARGV[6]) end
            return 1""");

    /** A token and its family as read, with the raw bytes for compare-and-set. */
    public record Lookup(RefreshTokenRecord token, byte[] tokenBytes, RefreshFamilyRecord family, byte[] familyBytes) {
    }

    /** Result of {@link #commit}. */
    public enum Commit { DONE, TOKEN_CHANGED, FAMILY_CHANGED }

    private final ReactiveRedisDataSource redis;

    public RefreshTokenStore(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /** Stores a new family with its first token; false when the family id already exists. */
    public Uni<Boolean> create(String familyId, RefreshFamilyRecord family, String tokenHash, RefreshTokenRecord token) {
        return CREATE.run(redis, List.of(RedisKeys.refreshFamily(familyId), RedisKeys.refreshToken(familyId, tokenHash)),
                List.of(family.toByteArray(), token.toByteArray(), family.getExpiresAt()))
                .map(r -> r.toInteger() == 1);
    }

    public Uni<Optional<Lookup>> find(String familyId, String tokenHash) {
        return redis.value(byte[].class).mget(RedisKeys.refreshToken(familyId, tokenHash), RedisKeys.refreshFamily(familyId))
                .map(values -> {
                    byte[] t = values.get(RedisKeys.refreshToken(familyId, tokenHash));
                    byte[] f = values.get(RedisKeys.refreshFamily(familyId));
                    if (t == null || f == null) {
                        return Optional.empty();
                    }
                    try {
                        return Optional.of(new Lookup(RefreshTokenRecord.parseFrom(t), t, RefreshFamilyRecord.parseFrom(f), f));
                    } catch (InvalidProtocolBufferException e) {
                        return Optional.empty();
                    }
                });
    }

    /**
     * Replaces the token (spent, or unchanged without rotation) and the family, and stores the
     * successor token, only if neither changed since {@code read}.
     */
    public Uni<Commit> commit(Lookup read, String familyId, String tokenHash, RefreshTokenRecord replacement,
            RefreshFamilyRecord family, String newTokenHash, RefreshTokenRecord newToken) {
        String newKey = newTokenHash == null ? RedisKeys.refreshToken(familyId, "none") : RedisKeys.refreshToken(familyId, newTokenHash);
        return COMMIT.run(redis,
                List.of(RedisKeys.refreshToken(familyId, tokenHash), RedisKeys.refreshFamily(familyId), newKey),
                List.of(read.tokenBytes(), read.familyBytes(), replacement.toByteArray(), family.toByteArray(),
                        newToken == null ? "" : newToken.toByteArray(), newToken == null ? 0 : newToken.getExpiresAt()))
                .map(RefreshTokenStore::commitResult);
    }

    private static Commit commitResult(Response r) {
        return switch (r.toInteger()) {
            case 1 -> Commit.DONE;
            case 0 -> Commit.TOKEN_CHANGED;
            default -> Commit.FAMILY_CHANGED;
        };
    }
}
