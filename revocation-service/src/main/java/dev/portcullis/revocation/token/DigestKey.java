package dev.portcullis.revocation.token;

import dev.portcullis.contract.TokenHash;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The SHA-256 of a token or credential, as a map key: tokens and secrets are kept in memory as
 * hashes, never in clear (DESIGN "State"). The same digest as {@code TokenHash.of}, held as 32
 * bytes, so a lookup costs one digest and no encoding; {@link #tokenHash()} gives the
 * {@code TokenHash} form when a Redis key or a revocation notice needs it. Keys compare in
 * constant time.
 */
public final class DigestKey {
    private final byte[] digest;
    private final int hash;

    private DigestKey(byte[] digest) {
        this.digest = digest;
        this.hash = (digest[0] & 0xff) << 24 | (digest[1] & 0xff) << 16 | (digest[2] & 0xff) << 8 | (digest[3] & 0xff);
    }

    /** The key of a value (UTF-8, as {@code TokenHash.of}). */
    public static DigestKey of(String value) {
        return new DigestKey(TokenHash.digest(value));
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
        return TokenHash.encode(digest);
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
}
