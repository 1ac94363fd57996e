package dev.portcullis.authorize.user;

import java.util.Arrays;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * Argon2id (RFC 9106, version 0x13) over a caller-supplied {@code long[]} working memory, so a
 * derivation allocates nothing in proportion to its memory cost and the buffer can be reused.
 *
 * <p>Why not BouncyCastle's {@code Argon2BytesGenerator}: it allocates one object per 1 KiB block
 * (19,456 of them for our default 19 MiB), all alive for the whole derivation, so every young
 * collection during a login copies megabytes of them; the fresh-login benchmark spent about as
 * much CPU on that as on the hash. This class follows the RFC and the reference implementation
 * ({@code ref.c}) step for step; its output is checked against the RFC 9106 §5.3 test vector
 * and against BouncyCastle for varied parameters ({@code Argon2idTest}). BLAKE2b itself is
 * BouncyCastle's.
 */
final class Argon2id {
    private static final int VERSION = 0x13;
    private static final int TYPE_ID = 2;
    private static final int SYNC_POINTS = 4;
    private static final int WORDS = 128; // 64-bit words per 1 KiB block
    private static final long M = 0xFFFFFFFFL;
    /** 4 GiB: beyond it the working memory no longer fits one Java array. */
    static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;

    private Argon2id() {
    }

    /** Blocks of working memory for {@code memoryKib} and {@code lanes} (m' of RFC 9106 §3.2). */
    static int blocks(int memoryKib, int lanes) {
        if (lanes < 1 || memoryKib < 8 * lanes || memoryKib > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException("Argon2id memory or lanes out of range");
        }
        return 4 * lanes * (memoryKib / (4 * lanes));
    }

    /**
     * The {@code long[]} length {@link #hash} needs as {@code memory}; refuses (before anyone
     * allocates) what RFC 9106 does not allow and what would not fit one Java array.
     */
    static int memoryWords(int memoryKib, int lanes) {
        return blocks(memoryKib, lanes) * WORDS;
    }

    /**
     * Writes the Argon2id tag of {@code password} and {@code salt} into {@code out} (its length is
     * the tag length). {@code memory} must hold at least {@link #memoryWords} words; its content
     * on entry does not matter and is overwritten.
     */
    static void hash(byte[] password, byte[] salt, int memoryKib, int iterations, int lanes, byte[] out, long[] memory) {
        hash(password, salt, new byte[0], new byte[0], memoryKib, iterations, lanes, out, memory);
    }

    /** As above with the optional secret K and associated data X of §3.1 (the RFC's test vector uses both). */
    static void hash(byte[] password, byte[] salt, byte[] secret, byte[] associated, int memoryKib, int iterations,
            int lanes, byte[] out, long[] memory) {
        if (iterations < 1 || out.length < 4 || salt.length < 8) {
            throw new IllegalArgumentException("Argon2id parameters out of range");
        }
        int blockCount = blocks(memoryKib, lanes);
        if (memory.length < blockCount * WORDS) {
            throw new IllegalArgumentException("working memory too small");
        }
        int laneLength = blockCount / lanes;
        int segmentLength = laneLength / SYNC_POINTS;

        // H0 (§3.2 step 1): no secret, no associated data.
        Blake2bDigest h = new Blake2bDigest(512);
        for (int v : new int[] {lanes, out.length, memoryKib, iterations, VERSION, TYPE_ID}) {
            le32(h, v);
        }
        le32(h, password.length);
        h.update(password, 0, password.length);
        le32(h, salt.length);
        h.update(salt, 0, salt.length);
        le32(h, secret.length);
        h.update(secret, 0, secret.length);
        le32(h, associated.length);
        h.update(associated, 0, associated.length);
        byte[] h0 = new byte[64 + 8];
        h.doFinal(h0, 0);

        // The first two blocks of each lane (steps 3 and 4).
        byte[] block = new byte[1024];
        for (int lane = 0; lane < lanes; lane++) {
            for (int j = 0; j < 2; j++) {
                putLe32(h0, 64, j);
                putLe32(h0, 68, lane);
                hPrime(h0, block);
                int offset = (lane * laneLength + j) * WORDS;
                for (int w = 0; w < WORDS; w++) {
                    memory[offset + w] = getLe64(block, w * 8);
                }
            }
        }

        long[] r = new long[WORDS];
        long[] tmp = new long[WORDS];
        long[] zero = new long[WORDS];
        long[] input = new long[WORDS];
        long[] address = new long[WORDS];
        for (int pass = 0; pass < iterations; pass++) {
            for (int slice = 0; slice < SYNC_POINTS; slice++) {
                for (int lane = 0; lane < lanes; lane++) {
                    fillSegment(memory, pass, lane, slice, lanes, laneLength, segmentLength, blockCount, iterations,
                            r, tmp, zero, input, address);
                }
            }
        }

        // Final block: XOR of the last block of every lane, then H' to the tag length (steps 7, 8).
        long[] last = new long[WORDS];
        for (int lane = 0; lane < lanes; lane++) {
            int offset = (lane * laneLength + laneLength - 1) * WORDS;
            for (int w = 0; w < WORDS; w++) {
                last[w] ^= memory[offset + w];
            }
        }
        for (int w = 0; w < WORDS; w++) {
            putLe64(block, w * 8, last[w]);
        }
        hPrime(block, out);
        Arrays.fill(block, (byte) 0);
        Arrays.fill(h0, (byte) 0);
    }

    private static void fillSegment(long[] memory, int pass, int lane, int slice, int lanes, int laneLength,
            int segmentLength, int blockCount, int iterations, long[] r, long[] tmp, long[] zero, long[] input,
            long[] address) {
        boolean independent = pass == 0 && slice < SYNC_POINTS / 2; // Argon2id: Argon2i for the first half pass
        if (independent) {
            Arrays.fill(input, 0);
            input[0] = pass;
            input[1] = lane;
            input[2] = slice;
            input[3] = blockCount;
            input[4] = iterations;
            input[5] = TYPE_ID;
        }
        int start = 0;
        if (pass == 0 && slice == 0) {
            start = 2;
            if (independent) {
                nextAddresses(address, input, zero, r, tmp);
            }
        }
        int current = lane * laneLength + slice * segmentLength + start;
        int previous = current % laneLength == 0 ? current + laneLength - 1 : current - 1;
        for (int i = start; i < segmentLength; i++, current++, previous++) {
            if (current % laneLength == 1) {
                previous = current - 1;
            }
            long pseudoRandom;
            if (independent) {
                if (i % WORDS == 0) {
                    nextAddresses(address, input, zero, r, tmp);
                }
                pseudoRandom = address[i % WORDS];
            } else {
                pseudoRandom = memory[previous * WORDS];
            }
            int refLane = pass == 0 && slice == 0 ? lane : (int) ((pseudoRandom >>> 32) % lanes);
            int refIndex = indexAlpha(pass, slice, i, pseudoRandom & M, refLane == lane, laneLength, segmentLength);
            int ref = refLane * laneLength + refIndex;
            fill(memory, previous * WORDS, memory, ref * WORDS, memory, current * WORDS, pass > 0, r, tmp);
        }
    }

    /** RFC 9106 §3.4.1.1-2: the reference block's index within its lane. */
    private static int indexAlpha(int pass, int slice, int index, long pseudoRandom, boolean sameLane, int laneLength,
            int segmentLength) {
        long area;
        if (pass == 0) {
            if (slice == 0) {
                area = index - 1;
            } else if (sameLane) {
                area = (long) slice * segmentLength + index - 1;
            } else {
                area = (long) slice * segmentLength + (index == 0 ? -1 : 0);
            }
        } else if (sameLane) {
            area = laneLength - segmentLength + index - 1;
        } else {
            area = laneLength - segmentLength + (index == 0 ? -1 : 0);
        }
        long relative = (pseudoRandom * pseudoRandom) >>> 32;
        relative = area - 1 - ((area * relative) >>> 32);
        long startPosition = pass == 0 || slice == SYNC_POINTS - 1 ? 0 : (long) (slice + 1) * segmentLength;
        return (int) ((startPosition + relative) % laneLength);
    }

    private static void nextAddresses(long[] address, long[] input, long[] zero, long[] r, long[] tmp) {
        input[6]++;
        fill(zero, 0, input, 0, address, 0, false, r, tmp);
        fill(zero, 0, address, 0, address, 0, false, r, tmp);
    }

    /** The compression function G (§3.5): {@code next = G(prev, ref)}, XORed into next from the second pass on. */
    private static void fill(long[] prevMem, int prev, long[] refMem, int ref, long[] nextMem, int next, boolean xor,
            long[] r, long[] tmp) {
        if (xor) {
            for (int w = 0; w < WORDS; w++) {
                long v = prevMem[prev + w] ^ refMem[ref + w];
                r[w] = v;
                tmp[w] = v ^ nextMem[next + w];
            }
        } else {
            for (int w = 0; w < WORDS; w++) {
                long v = prevMem[prev + w] ^ refMem[ref + w];
                r[w] = v;
                tmp[w] = v;
            }
        }
        for (int i = 0; i < 8; i++) {
            int b = 16 * i;
            p(r, b, b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7, b + 8, b + 9, b + 10, b + 11, b + 12, b + 13, b + 14, b + 15);
        }
        for (int i = 0; i < 8; i++) {
            int b = 2 * i;
            p(r, b, b + 1, b + 16, b + 17, b + 32, b + 33, b + 48, b + 49, b + 64, b + 65, b + 80, b + 81, b + 96, b + 97,
                    b + 112, b + 113);
        }
        for (int w = 0; w < WORDS; w++) {
            nextMem[next + w] = tmp[w] ^ r[w];
        }
    }

    /** The BLAKE2b round without message (RFC 9106 §3.6, the permutation P) on 16 words of {@code r}. */
    private static void p(long[] r, int i0, int i1, int i2, int i3, int i4, int i5, int i6, int i7, int i8, int i9,
            int i10, int i11, int i12, int i13, int i14, int i15) {
        g(r, i0, i4, i8, i12);
        g(r, i1, i5, i9, i13);
        g(r, i2, i6, i10, i14);
        g(r, i3, i7, i11, i15);
        g(r, i0, i5, i10, i15);
        g(r, i1, i6, i11, i12);
        g(r, i2, i7, i8, i13);
        g(r, i3, i4, i9, i14);
    }

    /** GB of §3.6, with BlaMka's multiplication of the low 32 bits. */
    private static void g(long[] r, int a, int b, int c, int d) {
        long va = r[a];
        long vb = r[b];
        long vc = r[c];
        long vd = r[d];
        va += vb + 2 * (va & M) * (vb & M);
        vd = Long.rotateRight(vd ^ va, 32);
        vc += vd + 2 * (vc & M) * (vd & M);
        vb = Long.rotateRight(vb ^ vc, 24);
        va += vb + 2 * (va & M) * (vb & M);
        vd = Long.rotateRight(vd ^ va, 16);
        vc += vd + 2 * (vc & M) * (vd & M);
        vb = Long.rotateRight(vb ^ vc, 63);
        r[a] = va;
        r[b] = vb;
        r[c] = vc;
        r[d] = vd;
    }

    /** H' (§3.3): BLAKE2b extended to any output length. */
    private static void hPrime(byte[] in, byte[] out) {
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

    private static void le32(Blake2bDigest d, int v) {
        d.update((byte) v);
        d.update((byte) (v >>> 8));
        d.update((byte) (v >>> 16));
        d.update((byte) (v >>> 24));
    }

    private static void putLe32(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    private static long getLe64(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    private static void putLe64(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }
}
