package dev.portcullis.revocation.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The SHA-256 of a token or credential, as a map key: tokens and secrets are kept in memory as
 * hashes, never in clear (DESIGN "State"). The same digest as {@code TokenHash.of}, held as 32
 * bytes, so a lookup costs one digest and no encoding; {@link #tokenHash()} gives the
 * {@code TokenHash} form when a Redis key or a revocation notice needs it. Keys compare in
 * constant time.
 */
public final class DigestKey {
    private static final MessageDigest PROTOTYPE = sha256();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final byte[] digest;
    private final int hash;

    private DigestKey(byte[] digest) {
        this.digest = digest;
        this.hash = (digest[0] & 0xff) << 24 | (digest[1] & 0xff) << 16 | (digest[2] & 0xff) << 8 | (digest[3] & 0xff);
    }

    /** The key of a value (UTF-8, as {@code TokenHash.of}). */
    public static DigestKey of(String value) {
        MessageDigest md;
        try {
            md = (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            md = sha256();
        }
        return new DigestKey(md.digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The key for a {@code TokenHash} (base64url SHA-256), as revocation notices carry it.
     *
     * @throws IllegalArgumentException when the text is not a base64url SHA-256
     */
    public static DigestKey ofTokenHash(String tokenHash) {
        byte[] d = Base64.getUrlDecoder().decode(tokenHash);
        if (d.length != 32) {
            throw new IllegalArgumentException("not a SHA-256");
        }
        return new DigestKey(d);
    }

    /** {@code TokenHash.of(value)} of the value this key was made from. */
    public String tokenHash() {
        return B64.encodeToString(digest);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DigestKey k && MessageDigest.isEqual(digest, k.digest);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "DigestKey[...]";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
