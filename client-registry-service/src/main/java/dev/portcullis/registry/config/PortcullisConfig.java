package dev.portcullis.registry.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;

/**
 * Suite-wide settings every service shares (CONTRIBUTING "Agreements between services").
 */
@ConfigMapping(prefix = "portcullis")
public interface PortcullisConfig {

    /**
     * The public issuer (RFC 8414 §2), env {@code PORTCULLIS_ISSUER}. Absolute URLs such as
     * {@code registration_client_uri} are built from it, never from the Host header.
     */
    String issuer();

    /**
     * The admin API credential, env {@code PORTCULLIS_ADMIN_TOKEN}, sent as
     * {@code Authorization: Bearer <token>}. No default outside the test profile: the service
     * refuses to start without it.
     */
    String adminToken();

    /**
     * token-service's JWK Set, env {@code PORTCULLIS_JWKS_URL}: the admin API verifies admin access
     * tokens with these keys (read by the rules' {@code JwksKeys}, which also reads the optional
     * {@code portcullis.jwks.*} cache settings below).
     */
    @WithDefault("http://127.0.0.1:8082/jwks")
    String jwksUrl();

    /** {@code portcullis.jwks.max-age}, {@code min-refetch-interval}, {@code fetch-timeout}: see the rules' {@code JwksKeys}. */
    Map<String, String> jwks();
}
