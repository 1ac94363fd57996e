package dev.portcullis.registry.secret;

import dev.portcullis.registry.config.RegistryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The storage form of client secrets and registration access tokens: HMAC-SHA256 keyed with a
 * pepper from configuration ({@code oauth.registry.secret-pepper}), base64url. The values are
 * server-generated with 256 bits from a CSPRNG, so a keyed fast hash is enough (DESIGN "Client
 * authentication"); the key means a leaked table alone does not let anyone test guesses.
 */
@ApplicationScoped
public final class SecretHasher {
    private static final String ALGORITHM = "HmacSHA256";
    private static final int MIN_PEPPER_LENGTH = 32;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;

    public SecretHasher(RegistryConfig config) {
        String pepper = config.secretPepper();
        if (pepper.length() < MIN_PEPPER_LENGTH) {
            throw new IllegalStateException("oauth.registry.secret-pepper must have at least "
                    + MIN_PEPPER_LENGTH + " characters");
        }
        this.key = new SecretKeySpec(pepper.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** The keyed hash of {@code value}. */
    public String hash(String value) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return B64.encodeToString(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    /** Whether {@code presented} hashes to {@code storedHash}, compared in constant time. */
    public boolean matches(String presented, String storedHash) {
        if (presented == null || storedHash == null) {
            return false;
        }
        return MessageDigest.isEqual(hash(presented).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
