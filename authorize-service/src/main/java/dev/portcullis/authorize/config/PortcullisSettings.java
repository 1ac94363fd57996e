package dev.portcullis.authorize.config;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Settings shared by every service of the suite ({@code portcullis.*}, see CONTRIBUTING.md).
 * Read as plain properties because the {@code portcullis} prefix is shared with the contracts
 * module ({@code portcullis.client-cache.*}).
 */
@ApplicationScoped
public final class PortcullisSettings {
    private final String issuer;
    private final String adminToken;
    private final String jwksUrl;

    public PortcullisSettings(
            @ConfigProperty(name = "portcullis.issuer") String issuer,
            @ConfigProperty(name = "portcullis.admin-token") String adminToken,
            @ConfigProperty(name = "portcullis.jwks-url", defaultValue = "http://127.0.0.1:8082/jwks") String jwksUrl) {
        this.issuer = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        this.adminToken = adminToken;
        this.jwksUrl = jwksUrl;
    }

    /** The public issuer (RFC 8414 §2), without a trailing slash; every absolute URL is built from it. */
    public String issuer() {
        return issuer;
    }

    /** Bearer credential of the admin API; the service does not start without it. */
    public String adminToken() {
        return adminToken;
    }

    /** token-service's JSON Web Key Set, for verifying JWT access tokens (RFC 9068). */
    public String jwksUrl() {
        return jwksUrl;
    }
}
