package dev.portcullis.token.observe;

import dev.portcullis.contract.oauth.OAuthErrorBody;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/** {@code portcullis_oauth_errors_total{error}}: every error answer of this service, by OAuth error code. */
@Provider
public final class OAuthErrorMetrics implements ContainerResponseFilter {
    private final MeterRegistry registry;

    public OAuthErrorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getEntity() instanceof OAuthErrorBody body) {
            Counter.builder("portcullis.oauth.errors")
                    .description("Error responses by OAuth error code")
                    .tag("error", body.error())
                    .register(registry).increment();
        }
    }
}
