package dev.portcullis.authorize.user.argon2;

import java.util.Arrays;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * The variable-length hash function H' of RFC 9106 §3.3 ({@code blake2b_long} in the reference
 * implementation): BLAKE2b of the output length and the input, extended beyond 64 bytes by
 * chaining BLAKE2b-512 and keeping the first 32 bytes of each link. Argon2 uses it for the first
 * blocks of each lane and for the tag.
 */
final class Blake2bLong {
    private Blake2bLong() {
    }

    /** Fills {@code out} (its length is the output length T of §3.3) with H'^T(in). */
    static void hash(byte[] in, byte[] out) {
        int t = out.length;
        if (t <= 64) {
            Blake2bDigest d = new Blake2bDigest(t * 8);
            le32(d, t);
            d.update(in, 0, in.length);
            d.doFinal(out, 0);
            return;
        }
        int rounds = (t + 31) / 32 - 2;
        byte[] v = new byte[64];
        Blake2bDigest d = new Blake2bDigest(512);
        le32(d, t);
        d.update(in, 0, in.length);
        d.doFinal(v, 0);
        System.arraycopy(v, 0, out, 0, 32);
        int pos = 32;
        for (int i = 2; i <= rounds; i++) {
            d = new Blake2bDigest(512);
            d.update(v, 0, 64);
            d.doFinal(v, 0);
            System.arraycopy(v, 0, out, pos, 32);
            pos += 32;
        }
        int lastLength = t - 32 * rounds;
        byte[] lastV = new byte[lastLength];
        d = new Blake2bDigest(lastLength * 8);
        d.update(v, 0, 64);
        d.doFinal(lastV, 0);
        System.arraycopy(lastV, 0, out, pos, lastLength);
        Arrays.fill(v, (byte) 0);
    }

    /** Feeds {@code v} to the digest as 4 little-endian bytes, LE32 of RFC 9106 §3.1. */
    static void le32(Blake2bDigest d, int v) {
        d.update((byte) v);
        d.update((byte) (v >>> 8));
        d.update((byte) (v >>> 16));
        d.update((byte) (v >>> 24));
    }
}
