package dev.portcullis.registry.config;

import io.smallrye.config.ConfigMapping;

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
}
