package dev.portcullis.revocation.health;

import dev.portcullis.revocation.jwt.JwksKeys;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only once token-service's signing keys are loaded: a replica that cannot verify JWT
 * access tokens yet must not take traffic (it would answer 503 or make callers wait for the
 * first JWKS fetch). Keys are fetched at start-up, off the event loop ({@link JwksKeys}).
 */
@Readiness
@ApplicationScoped
public class SigningKeysCheck implements HealthCheck {
    private final JwksKeys keys;

    public SigningKeysCheck(JwksKeys keys) {
        this.keys = keys;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("signing-keys").status(keys.loaded()).build();
    }
}
