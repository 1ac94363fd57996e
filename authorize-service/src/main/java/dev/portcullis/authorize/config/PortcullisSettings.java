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

    public PortcullisSettings(
            @ConfigProperty(name = "portcullis.issuer") String issuer,
            @ConfigProperty(name = "portcullis.admin-token") String adminToken) {
        this.issuer = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        this.adminToken = adminToken;
    }

    /** The public issuer (RFC 8414 §2), without a trailing slash; every absolute URL is built from it. */
    public String issuer() {
        return issuer;
    }

    /** Bearer credential of the admin API; the service does not start without it. */
    public String adminToken() {
        return adminToken;
    }
}
