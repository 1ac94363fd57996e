package dev.portcullis.registry.change;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * The audit trail of client changes (DESIGN "Operations": an audit event for every admin
 * change), written by one observer instead of every endpoint. Logger {@code audit} so it can
 * be routed separately; never carries a secret.
 */
@ApplicationScoped
public final class AuditLog {
    private static final Logger AUDIT = Logger.getLogger("audit");

    void onChange(@Observes ClientChange change) {
        AUDIT.infof("client.%s client_id=%s actor=%s detail=\"%s\"", change.kind().name().toLowerCase(java.util.Locale.ROOT),
                change.clientId(), change.actor(), change.detail());
    }
}
