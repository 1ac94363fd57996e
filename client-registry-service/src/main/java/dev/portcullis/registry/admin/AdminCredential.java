package dev.portcullis.registry.admin;

import dev.portcullis.contract.TokenHash;
import dev.portcullis.registry.config.PortcullisConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The admin credential {@code portcullis.admin-token} (CONTRIBUTING "Admin credential"). The
 * SHA-256 digests of the expected and the presented value are compared in constant time, so
 * neither the content nor the length of the credential leaks through timing.
 */
@ApplicationScoped
public class AdminCredential {
    private final String expectedDigest;

    AdminCredential(PortcullisConfig config) {
        this.expectedDigest = TokenHash.of(config.adminToken());
    }

    /** Whether {@code presented} is the admin credential. */
    public boolean matches(String presented) {
        return presented != null && TokenHash.constantTimeEquals(expectedDigest, TokenHash.of(presented));
    }
}
