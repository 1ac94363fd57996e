package dev.portcullis.revocation.metrics;

import dev.portcullis.revocation.introspect.Introspected;
import dev.portcullis.revocation.token.TokenKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Counts introspections by token kind and result, and cache hits and misses
 * ({@code portcullis_introspections_total}, {@code portcullis_introspection_cache_total}).
 * Labels are fixed sets of names: never a token, a token id or a client id. Every counter is
 * registered once, up front, so counting an introspection is an array read and an increment
 * (no meter lookup by tags per call).
 */
@ApplicationScoped
public class IntrospectionMetrics {
    private final Counter[] introspections; // [kind.ordinal() * 2 + (active ? 1 : 0)]
    private final Counter cacheHits;
    private final Counter cacheMisses;

    public IntrospectionMetrics(MeterRegistry registry) {
        TokenKind[] kinds = TokenKind.values();
        introspections = new Counter[kinds.length * 2];
        for (TokenKind kind : kinds) {
            introspections[kind.ordinal() * 2] = registry.counter("portcullis.introspections",
                    "kind", kind.label(), "result", "inactive");
            introspections[kind.ordinal() * 2 + 1] = registry.counter("portcullis.introspections",
                    "kind", kind.label(), "result", "active");
        }
        cacheHits = registry.counter("portcullis.introspection.cache", "result", "hit");
        cacheMisses = registry.counter("portcullis.introspection.cache", "result", "miss");
    }

    void onIntrospected(@Observes Introspected event) {
        introspections[event.kind().ordinal() * 2 + (event.active() ? 1 : 0)].increment();
        (event.cacheHit() ? cacheHits : cacheMisses).increment();
    }
}
