package dev.portcullis.authorize.audit;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Writes every {@link AuditEvent} to the {@code portcullis.audit} log category (JSON when JSON
 * logging is on) and counts it in {@code portcullis_audit_events_total{type}}. Protocol code only
 * fires events; this is the one place that knows how they are recorded.
 */
@ApplicationScoped
public final class AuditLog {
    private static final Logger LOG = Logger.getLogger("portcullis.audit");

    private final MeterRegistry meters;

    public AuditLog(MeterRegistry meters) {
        this.meters = meters;
    }

    void record(@Observes AuditEvent event) {
        LOG.infof("audit type=%s sub=%s client_id=%s reason=%s", event.type(), orDash(event.subject()),
                orDash(event.clientId()), orDash(event.reason()));
        meters.counter("portcullis.audit.events", "type", event.type().name().toLowerCase()).increment();
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }
}
