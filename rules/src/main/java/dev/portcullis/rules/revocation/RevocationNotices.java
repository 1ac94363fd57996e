package dev.portcullis.rules.revocation;

import dev.portcullis.contract.RedisKeys;
import dev.portcullis.proto.records.v1.RevocationNotice;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Announces a revocation (CONTRIBUTING "Revoked access tokens"): a {@code RevocationNotice}
 * (protobuf bytes) on {@link RedisKeys#REVOCATION_CHANNEL}, naming an access token id, the hash of
 * an opaque access token or a refresh token family, so every replica's cache of verified tokens
 * drops it at once.
 *
 * <p>The same notice is first fired as a synchronous CDI event: a service that caches tokens
 * observes {@code RevocationNotice} and drops them before the revoking request is answered, so
 * the caller's next request to this replica already sees the revocation (the published notice
 * comes back to this replica too, a little later).
 *
 * <p>Publishing is best effort: the revocation is already stored when the notice goes out, a
 * cache that lost its subscription serves nothing, and cached entries expire anyway.
 */
@ApplicationScoped
public final class RevocationNotices {
    private static final Logger LOG = Logger.getLogger(RevocationNotices.class);

    private final ReactivePubSubCommands<byte[]> pubsub;
    private final Event<RevocationNotice> local;

    public RevocationNotices(ReactiveRedisDataSource redis, Event<RevocationNotice> local) {
        this.pubsub = redis.pubsub(byte[].class);
        this.local = local;
    }

    /** An access token id: a JWT's {@code jti}, or the {@code jti} an opaque token's record carries. */
    public Uni<Void> accessToken(String jti) {
        return publish(RevocationNotice.newBuilder().setJti(jti));
    }

    /** An opaque access token, by its {@code TokenHash}. */
    public Uni<Void> opaqueAccessToken(String tokenHash) {
        return publish(RevocationNotice.newBuilder().setTokenHash(tokenHash));
    }

    /** A refresh token family: caches drop what came from it, including the access tokens it lists. */
    public Uni<Void> family(String familyId) {
        return publish(RevocationNotice.newBuilder().setFamilyId(familyId));
    }

    private Uni<Void> publish(RevocationNotice.Builder builder) {
        RevocationNotice notice = builder.setRevokedAt(Instant.now().getEpochSecond()).build();
        local.fire(notice);
        return pubsub.publish(RedisKeys.REVOCATION_CHANNEL, notice.toByteArray())
                .onFailure().recoverWithItem(t -> {
                    LOG.warnf("Cannot publish a revocation notice: %s", t.toString());
                    return null;
                });
    }
}
