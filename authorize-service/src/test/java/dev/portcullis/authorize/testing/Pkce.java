package dev.portcullis.authorize.testing;

import dev.portcullis.contract.TokenHash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/** An RFC 7636 verifier and its S256 challenge. */
public record Pkce(String verifier, String challenge) {
    public static Pkce create() {
        String verifier = TokenHash.newSecret(32);
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return new Pkce(verifier, Base64.getUrlEncoder().withoutPadding().encodeToString(d));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
