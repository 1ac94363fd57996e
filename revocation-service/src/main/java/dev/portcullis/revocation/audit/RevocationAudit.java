package dev.portcullis.revocation.audit;

import dev.portcullis.revocation.revoke.Revocation;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The audit record of every revocation request (DESIGN "Operations"), on the {@code audit}
 * logger with structured fields, and the {@code portcullis_revocations_total} counter by kind
 * and outcome. Never logs the token itself; the access token id is not a credential.
 */
@ApplicationScoped
public class RevocationAudit {
    private static final Logger AUDIT = Logger.getLogger("audit");

    private final MeterRegistry registry;

    public RevocationAudit(MeterRegistry registry) {
        this.registry = registry;
    }

    void onRevocation(@Observes Revocation r) {
        registry.counter("portcullis.revocations", "kind", r.kind().label(), "outcome", r.outcome().label())
                .increment();
        MDC.put("event", "token_revocation");
        MDC.put("client_id", r.clientId());
        MDC.put("token_kind", r.kind().label());
        MDC.put("outcome", r.outcome().label());
        try {
            AUDIT.infof("token_revocation client_id=%s token_kind=%s outcome=%s jti=%s",
                    r.clientId(), r.kind().label(), r.outcome().label(), r.jti() == null ? "-" : r.jti());
        } finally {
            MDC.remove("event");
            MDC.remove("client_id");
            MDC.remove("token_kind");
            MDC.remove("outcome");
        }
    }
}
