package dev.portcullis.revocation.store;

import dev.portcullis.contract.RedisKeys;
import dev.portcullis.proto.records.v1.RevocationNotice;
import dev.portcullis.revocation.cache.VerifiedTokenCache;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Publishes {@code RevocationNotice} (protobuf bytes) on {@link RedisKeys#REVOCATION_CHANNEL},
 * so every replica's cache of verified tokens, here and in token-service, drops the token at
 * once. This replica's own cache is cleared first, so the revoking caller's next introspection
 * here is already refused. Publishing is best effort: the revocation is already stored, and
 * caches expire anyway.
 */
@ApplicationScoped
public final class RevocationNotices {
    private static final Logger LOG = Logger.getLogger(RevocationNotices.class);

    private final ReactivePubSubCommands<byte[]> pubsub;
    private final VerifiedTokenCache cache;

    public RevocationNotices(ReactiveRedisDataSource redis, VerifiedTokenCache cache) {
        this.pubsub = redis.pubsub(byte[].class);
        this.cache = cache;
    }

    public Uni<Void> jti(String jti) {
        cache.dropJti(jti);
        return publish(RevocationNotice.newBuilder().setJti(jti));
    }

    public Uni<Void> tokenHash(String tokenHash) {
        cache.dropTokenHash(tokenHash);
        return publish(RevocationNotice.newBuilder().setTokenHash(tokenHash));
    }

    public Uni<Void> family(String familyId) {
        cache.dropFamily(familyId);
        return publish(RevocationNotice.newBuilder().setFamilyId(familyId));
    }

    private Uni<Void> publish(RevocationNotice.Builder notice) {
        byte[] bytes = notice.setRevokedAt(Instant.now().getEpochSecond()).build().toByteArray();
        return pubsub.publish(RedisKeys.REVOCATION_CHANNEL, bytes)
                .onFailure().recoverWithItem(t -> {
                    LOG.warnf("Cannot publish a revocation notice: %s", t.toString());
                    return null;
                });
    }
}
