package dev.portcullis.contract;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Opaque secret values and their storage form. Values come from a CSPRNG; what is stored and
 * used as a key is their SHA-256, base64url without padding. A plain hash suffices because the
 * values carry at least 128 bits of entropy (DESIGN "Client authentication").
 */
public final class TokenHash {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private TokenHash() {
    }

    /** A new random value of {@code bytes} bytes from a CSPRNG, base64url encoded. */
    public static String newSecret(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return B64.encodeToString(b);
    }

    /** SHA-256 of the UTF-8 value, base64url without padding. */
    public static String of(String value) {
        return encode(digest(value));
    }

    /** SHA-256 of the UTF-8 value, the 32 bytes {@link #of} encodes. */
    public static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** The text form of a {@link #digest}: base64url without padding, as {@link #of} returns. */
    public static String encode(byte[] digest) {
        return B64.encodeToString(digest);
    }

    /** Constant-time comparison of two strings. */
    public static boolean constantTimeEquals(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
