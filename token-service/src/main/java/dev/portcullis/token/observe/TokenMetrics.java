package dev.portcullis.token.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** {@code portcullis_tokens_issued_total{grant_type, client_id}}: issuances per grant and client. */
@ApplicationScoped
public class TokenMetrics {
    private final MeterRegistry registry;

    public TokenMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void on(@Observes TokenOutcome outcome) {
        if (outcome.issued()) {
            Counter.builder("portcullis.tokens.issued")
                    .description("Token responses issued, by grant type and client")
                    .tag("grant_type", outcome.grantType())
                    .tag("client_id", outcome.clientId() == null ? "" : outcome.clientId())
                    .register(registry).increment();
        }
    }
}
