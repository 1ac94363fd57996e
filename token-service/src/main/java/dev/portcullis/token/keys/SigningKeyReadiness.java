package dev.portcullis.token.keys;

import dev.portcullis.token.config.TokenConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when the access token and ID token algorithms both have an active key loaded. */
@Readiness
@ApplicationScoped
public class SigningKeyReadiness implements HealthCheck {
    private final KeyRing ring;
    private final SigningAlgorithm accessTokenAlg;
    private final SigningAlgorithm idTokenAlg;

    public SigningKeyReadiness(KeyRing ring, TokenConfig config) {
        this.ring = ring;
        this.accessTokenAlg = SigningAlgorithm.configured("oauth.token.access-token.signing-alg", config.accessToken().signingAlg());
        this.idTokenAlg = SigningAlgorithm.configured("oauth.token.id-token.signing-alg", config.idToken().signingAlg());
    }

    @Override
    public HealthCheckResponse call() {
        boolean ready = ring.active(accessTokenAlg).isPresent() && ring.active(idTokenAlg).isPresent();
        return HealthCheckResponse.named("signing-keys").status(ready)
                .withData("published", ring.keys().size()).build();
    }
}
