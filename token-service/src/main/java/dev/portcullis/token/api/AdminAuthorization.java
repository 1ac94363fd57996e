package dev.portcullis.token.api;

import dev.portcullis.contract.TokenHash;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.token.config.PortcullisConfig;
import jakarta.enterprise.context.ApplicationScoped;

/** Checks the admin API credential ({@code Authorization: Bearer <portcullis.admin-token>}) in constant time. */
@ApplicationScoped
public class AdminAuthorization {
    private final String expected;

    public AdminAuthorization(PortcullisConfig config) {
        this.expected = "Bearer " + config.adminToken();
    }

    /** @throws dev.portcullis.contract.oauth.OAuthException invalid_token (401, Bearer challenge) */
    public void require(String authorization) {
        if (!TokenHash.constantTimeEquals(expected, authorization)) {
            throw OAuthError.INVALID_TOKEN.exception("Admin credential required");
        }
    }
}
