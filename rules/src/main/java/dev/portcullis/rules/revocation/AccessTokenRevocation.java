package dev.portcullis.rules.revocation;

import dev.portcullis.contract.RedisKeys;
import dev.portcullis.proto.records.v1.RevokedTokenRecord;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Revokes access tokens by id (RFC 7009 §2.1; CONTRIBUTING "Revoked access tokens"): for each
 * {@code jti} a {@code RevokedTokenRecord} at {@link RedisKeys#revokedAccessToken} that expires
 * exactly at the tokens' {@code exp} ({@code SET ... EXAT}, so the set of revoked ids never grows
 * without bound), then a notice naming the id. Verifiers refuse a JWT whose {@code jti} has a
 * record, and an opaque token whose record's {@code jti} has one.
 *
 * <p>The ids are written concurrently, each in one round trip (on Redis Cluster each lives in a
 * slot of its own). Tokens already expired are not written: nothing accepts them anyway.
 */
@ApplicationScoped
public final class AccessTokenRevocation {
    private final ReactiveValueCommands<String, byte[]> values;
    private final RevocationNotices notices;

    public AccessTokenRevocation(ReactiveRedisDataSource redis, RevocationNotices notices) {
        this.values = redis.value(String.class, byte[].class);
        this.notices = notices;
    }

    /**
     * @param exp seconds since the epoch when the tokens expire (the latest of them, for several)
     * @param clientId the client the tokens were issued to
     * @throws dev.portcullis.contract.oauth.OAuthException temporarily_unavailable (in the
     *         {@code Uni}) when Redis cannot store them
     */
    public Uni<Void> revoke(Collection<String> jtis, long exp, String clientId) {
        long now = Instant.now().getEpochSecond();
        if (jtis.isEmpty() || exp <= now) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> each = jtis.stream().map(jti -> revoke(jti, exp, now, clientId)).toList();
        return StoreFailures.unavailableOnFailure(Uni.join().all(each).andFailFast()).replaceWithVoid();
    }

    private Uni<Void> revoke(String jti, long exp, long now, String clientId) {
        RevokedTokenRecord record = RevokedTokenRecord.newBuilder()
                .setJti(jti)
                .setExpiresAt(exp)
                .setRevokedAt(now)
                .setClientId(clientId)
                .build();
        return values.set(RedisKeys.revokedAccessToken(jti), record.toByteArray(), new SetArgs().exAt(exp))
                .chain(() -> notices.accessToken(jti));
    }
}
