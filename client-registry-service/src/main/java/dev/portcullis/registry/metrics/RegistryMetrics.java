package dev.portcullis.registry.metrics;

import dev.portcullis.registry.authn.AuthenticationAttempt;
import dev.portcullis.registry.change.ClientChange;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;

/**
 * Prometheus counters (DESIGN "Operations"), fed by CDI events rather than protocol code:
 * {@code portcullis_client_authentications_total{method,outcome}} and
 * {@code portcullis_client_changes_total{change}}. Labels never carry a credential or a client id.
 */
@ApplicationScoped
public final class RegistryMetrics {
    private final MeterRegistry registry;

    public RegistryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void onAuthentication(@Observes AuthenticationAttempt attempt) {
        Counter.builder("portcullis.client.authentications")
                .description("Client authentications answered by ClientRegistry.AuthenticateClient")
                .tag("method", attempt.method())
                .tag("outcome", attempt.authenticated() ? "authenticated" : "refused")
                .register(registry).increment();
    }

    void onChange(@Observes ClientChange change) {
        Counter.builder("portcullis.client.changes")
                .description("Committed client changes")
                .tag("change", change.kind().name().toLowerCase(Locale.ROOT))
                .register(registry).increment();
    }
}
