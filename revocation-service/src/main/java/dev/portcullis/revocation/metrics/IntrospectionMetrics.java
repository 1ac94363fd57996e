package dev.portcullis.revocation.metrics;

import dev.portcullis.revocation.introspect.Introspected;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Counts introspections by token kind and result, and cache hits and misses
 * ({@code portcullis_introspections_total}, {@code portcullis_introspection_cache_total}).
 * Labels are fixed sets of names: never a token, a token id or a client id.
 */
@ApplicationScoped
public class IntrospectionMetrics {
    private final MeterRegistry registry;

    public IntrospectionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void onIntrospected(@Observes Introspected event) {
        registry.counter("portcullis.introspections",
                "kind", event.kind().label(),
                "result", event.active() ? "active" : "inactive").increment();
        registry.counter("portcullis.introspection.cache",
                "result", event.cacheHit() ? "hit" : "miss").increment();
    }
}
