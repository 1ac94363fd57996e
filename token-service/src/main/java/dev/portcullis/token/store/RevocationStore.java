package dev.portcullis.token.store;

import dev.portcullis.contract.RedisKeys;
import dev.portcullis.proto.records.v1.RevocationNotice;
import dev.portcullis.proto.records.v1.RevokedTokenRecord;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Revokes access tokens by id (CONTRIBUTING "Revoked access tokens"): a {@code RevokedTokenRecord}
 * kept until the token's own {@code exp}, and a {@code RevocationNotice} so caches drop it at once.
 */
@ApplicationScoped
public class RevocationStore {
    private final ReactiveRedisDataSource redis;
    private final Clock clock;

    public RevocationStore(ReactiveRedisDataSource redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    public Uni<Void> revokeAccessTokens(List<String> jtis, long expiresAt, String clientId) {
        long now = clock.instant().getEpochSecond();
        if (jtis.isEmpty() || expiresAt <= now) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(jtis).onItem().transformToUniAndConcatenate(jti -> redis.value(byte[].class)
                .set(RedisKeys.revokedAccessToken(jti), RevokedTokenRecord.newBuilder().setJti(jti)
                        .setExpiresAt(expiresAt).setRevokedAt(now).setClientId(clientId).build().toByteArray(),
                        new SetArgs().exAt(Instant.ofEpochSecond(expiresAt)))
                .chain(() -> notice(RevocationNotice.newBuilder().setJti(jti).setRevokedAt(now).build())))
                .collect().last().replaceWithVoid();
    }

    public Uni<Void> noticeFamily(String familyId) {
        return notice(RevocationNotice.newBuilder().setFamilyId(familyId)
                .setRevokedAt(clock.instant().getEpochSecond()).build());
    }

    private Uni<Void> notice(RevocationNotice notice) {
        return redis.pubsub(byte[].class).publish(RedisKeys.REVOCATION_CHANNEL, notice.toByteArray());
    }
}
