package dev.portcullis.revocation.cache;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.portcullis.contract.RedisKeys;
import dev.portcullis.proto.records.v1.RevocationNotice;
import dev.portcullis.revocation.store.TokenStateStore;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Subscribes to {@link RedisKeys#REVOCATION_CHANNEL} and drops what each notice names from the
 * {@link VerifiedTokenCache}. A family notice also drops the access tokens the family record
 * lists, since a JWT does not say which family it came from.
 *
 * <p>This replica's own revocations arrive first as CDI events, fired by
 * {@code dev.portcullis.rules.revocation.RevocationNotices} before it publishes them, and are
 * dropped at once, so the revoking caller's next introspection here is already refused.
 *
 * <p>While the subscription is down (Redis unreachable, connection lost) the cache is emptied
 * and not used, and the subscription is retried every second.
 */
@ApplicationScoped
public class RevocationNoticeListener {
    private static final Logger LOG = Logger.getLogger(RevocationNoticeListener.class);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final ReactiveRedisDataSource redis;
    private final VerifiedTokenCache cache;
    private final TokenStateStore store;
    private volatile boolean subscribed;
    private final AtomicBoolean retryScheduled = new AtomicBoolean();
    private volatile boolean stopping;

    public RevocationNoticeListener(ReactiveRedisDataSource redis, VerifiedTokenCache cache, TokenStateStore store) {
        this.redis = redis;
        this.cache = cache;
        this.store = store;
    }

    void onStart(@Observes StartupEvent event) {
        subscribe();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /** True while notices can arrive; readiness reports it. */
    public boolean subscribed() {
        return subscribed;
    }

    private void subscribe() {
        redis.pubsub(byte[].class)
                .subscribe(RedisKeys.REVOCATION_CHANNEL, this::onNotice, this::onLost, t -> onLost())
                .subscribe().with(
                        s -> {
                            subscribed = true;
                            cache.listening(true);
                            LOG.debug("Subscribed to revocation notices");
                        },
                        t -> {
                            LOG.warnf("Cannot subscribe to revocation notices, retrying: %s", t.toString());
                            onLost();
                        });
    }

    private void onLost() {
        subscribed = false;
        cache.listening(false);
        if (!stopping && retryScheduled.compareAndSet(false, true)) {
            Uni.createFrom().voidItem().onItem().delayIt().by(RETRY).subscribe().with(v -> {
                retryScheduled.set(false);
                subscribe();
            });
        }
    }

    private void onNotice(byte[] message) {
        RevocationNotice notice;
        try {
            notice = RevocationNotice.parseFrom(message);
        } catch (InvalidProtocolBufferException e) {
            LOG.warn("Malformed revocation notice: dropping the whole cache");
            cache.clear();
            return;
        }
        switch (notice.getTargetCase()) {
            case JTI -> cache.dropJti(notice.getJti());
            case TOKEN_HASH -> cache.dropTokenHash(notice.getTokenHash());
            case FAMILY_ID -> dropFamily(notice.getFamilyId());
            default -> cache.clear();
        }
    }

    /**
     * A revocation made by this replica, before its notice is published. A family's access tokens
     * get notices of their own when they are revoked with it, so the family record is not read.
     */
    void onOwnRevocation(@Observes RevocationNotice notice) {
        switch (notice.getTargetCase()) {
            case JTI -> cache.dropJti(notice.getJti());
            case TOKEN_HASH -> cache.dropTokenHash(notice.getTokenHash());
            case FAMILY_ID -> cache.dropFamily(notice.getFamilyId());
            default -> cache.clear();
        }
    }

    private void dropFamily(String familyId) {
        cache.dropFamily(familyId);
        store.refreshFamily(familyId).subscribe().with(
                family -> family.ifPresent(f -> f.getAccessTokenJtiList().forEach(cache::dropJti)),
                t -> cache.clear());
    }
}
