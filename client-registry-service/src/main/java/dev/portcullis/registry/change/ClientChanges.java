package dev.portcullis.registry.change;

import dev.portcullis.contract.RedisKeys;
import dev.portcullis.registry.store.ClientCache;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import org.jboss.logging.Logger;

/**
 * Announces a committed change: drops the client from this replica's cache, publishes the
 * {@code ClientChangeNotice} protobuf bytes on {@link RedisKeys#CLIENT_CHANGE_CHANNEL} (the
 * other services' caches and the other replicas of this one listen there), and fires the CDI
 * event the audit log observes.
 *
 * <p>The change is already committed when this runs: if Redis cannot be reached the notice is
 * lost, the failure is logged, and remote caches converge when their entries expire.
 */
@ApplicationScoped
public final class ClientChanges {
    private static final Logger LOG = Logger.getLogger(ClientChanges.class);

    private final ClientCache cache;
    private final ReactiveRedisDataSource redis;
    private final Event<ClientChange> events;

    public ClientChanges(ClientCache cache, ReactiveRedisDataSource redis, Event<ClientChange> events) {
        this.cache = cache;
        this.redis = redis;
        this.events = events;
    }

    public Uni<Void> announce(ClientChange change) {
        cache.invalidate(change.clientId());
        events.fire(change);
        return redis.pubsub(byte[].class)
                .publish(RedisKeys.CLIENT_CHANGE_CHANNEL, change.toNotice().toByteArray())
                .onFailure().recoverWithItem(t -> {
                    LOG.warnf("Client change notice for %s not published: %s", change.clientId(), t.toString());
                    return null;
                });
    }
}
