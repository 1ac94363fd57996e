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
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The token state shared through Redis (CONTRIBUTING "Agreements between services"): the
 * records of {@code records.proto} under the keys of {@link RedisKeys}. Reads are one round
 * trip each; a Redis failure becomes {@code temporarily_unavailable}, never a 500. Revoking a
 * family or an access token id is the shared rule in {@code dev.portcullis.rules.revocation},
 * which maps Redis failures the same way.
 */
@ApplicationScoped
public final class TokenStateStore {
    private static final Logger LOG = Logger.getLogger(TokenStateStore.class);

    private final ReactiveValueCommands<String, byte[]> values;
    private final ReactiveKeyCommands<String> keys;

    public TokenStateStore(ReactiveRedisDataSource redis) {
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

    /** Removes an opaque access token record: the token is then unknown everywhere. */
    public Uni<Void> deleteOpaqueAccessToken(String tokenHash) {
        return guard(keys.del(RedisKeys.opaqueAccessToken(tokenHash))).replaceWithVoid();
    }

    /** Removes one refresh token record (its family record carries the revocation). */
    public Uni<Void> deleteRefreshToken(String familyId, String tokenHash) {
        return guard(keys.del(RedisKeys.refreshToken(familyId, tokenHash))).replaceWithVoid();
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
