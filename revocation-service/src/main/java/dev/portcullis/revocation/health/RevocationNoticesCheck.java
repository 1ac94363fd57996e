package dev.portcullis.revocation.health;

import dev.portcullis.revocation.cache.RevocationNoticeListener;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while subscribed to revocation notices: a replica that cannot hear revocations
 * must not take traffic from one that can (Redis itself is checked by the Redis health check).
 */
@Readiness
@ApplicationScoped
public class RevocationNoticesCheck implements HealthCheck {
    private final RevocationNoticeListener listener;

    public RevocationNoticesCheck(RevocationNoticeListener listener) {
        this.listener = listener;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("revocation-notices").status(listener.subscribed()).build();
    }
}
