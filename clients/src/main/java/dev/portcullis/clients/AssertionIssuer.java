package dev.portcullis.clients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.contract.oauth.OAuthError;
import java.util.Base64;

/**
 * Reads the {@code iss} of a client assertion without verifying it, only to learn which client
 * to authenticate when {@code client_id} is omitted (RFC 7523 §3: iss = sub = client_id).
 * ClientRegistry verifies the signature.
 */
final class AssertionIssuer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AssertionIssuer() {
    }

    static String read(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw OAuthError.INVALID_CLIENT.exception("Malformed client assertion");
        }
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            JsonNode iss = claims.get("iss");
            if (iss == null || !iss.isTextual() || iss.asText().isEmpty()) {
                throw OAuthError.INVALID_CLIENT.exception("Client assertion has no issuer");
            }
            return iss.asText();
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw OAuthError.INVALID_CLIENT.exception("Malformed client assertion");
        }
    }
}
