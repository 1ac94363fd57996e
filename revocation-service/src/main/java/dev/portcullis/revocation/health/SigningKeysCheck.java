package dev.portcullis.revocation.health;

import dev.portcullis.rules.accesstoken.JwksKeys;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only once token-service's signing keys are loaded: a replica that cannot verify JWT
 * access tokens yet must not take traffic (it would answer 503 or make callers wait for the
 * first JWKS fetch). The first fetch starts with the application, off the event loop
 * ({@link JwksKeys}, the shared cache).
 */
@Readiness
@ApplicationScoped
public class SigningKeysCheck implements HealthCheck {
    private final JwksKeys keys;

    public SigningKeysCheck(JwksKeys keys) {
        this.keys = keys;
    }

    void onStart(@Observes StartupEvent event) {
        keys.start();
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("signing-keys").status(keys.loaded()).build();
    }
}
