package dev.portcullis.authorize.user.argon2;

import java.util.Arrays;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * Argon2id (RFC 9106, version 0x13) over a caller-supplied {@code long[]} working memory, so a
 * derivation allocates nothing in proportion to its memory cost and the buffer can be reused.
 *
 * <p>Why not BouncyCastle's {@code Argon2BytesGenerator}: it allocates one object per 1 KiB block
 * (19,456 of them for our default 19 MiB), all alive for the whole derivation, so every young
 * collection during a login copies megabytes of them; the fresh-login benchmark spent about as
 * much CPU on that as on the hash. This package follows the RFC and the reference implementation
 * ({@code ref.c}) step for step; its output is checked against the RFC 9106 §5.3 test vector
 * and against BouncyCastle for varied parameters ({@code Argon2idTest}). BLAKE2b itself is
 * BouncyCastle's.
 *
 * <p>This class is the outline of §3.2: the initial hash H0 (step 1), the first two blocks of
 * each lane (steps 3 and 4), the passes over memory (steps 5 and 6, {@link MemoryFilling}) and
 * the tag from the last blocks (steps 7 and 8). The parts with names of their own in the RFC are
 * classes beside it: the variable-length hash H' ({@link Blake2bLong}, §3.3), the compression
 * function G ({@link Compression}, §3.5 and §3.6) and the 1 KiB block ({@link Block}).
 */
public final class Argon2id {
    static final int VERSION = 0x13;
    static final int TYPE_ID = 2;
    static final int SYNC_POINTS = 4;
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
    public static int memoryWords(int memoryKib, int lanes) {
        return blocks(memoryKib, lanes) * Block.WORDS;
    }

    /**
     * Writes the Argon2id tag of {@code password} and {@code salt} into {@code out} (its length is
     * the tag length). {@code memory} must hold at least {@link #memoryWords} words; its content
     * on entry does not matter and is overwritten.
     */
    public static void hash(byte[] password, byte[] salt, int memoryKib, int iterations, int lanes, byte[] out, long[] memory) {
        hash(password, salt, new byte[0], new byte[0], memoryKib, iterations, lanes, out, memory);
    }

    /** As above with the optional secret K and associated data X of §3.1 (the RFC's test vector uses both). */
    public static void hash(byte[] password, byte[] salt, byte[] secret, byte[] associated, int memoryKib, int iterations,
            int lanes, byte[] out, long[] memory) {
        if (iterations < 1 || out.length < 4 || salt.length < 8) {
            throw new IllegalArgumentException("Argon2id parameters out of range");
        }
        int blockCount = blocks(memoryKib, lanes);
        if (memory.length < blockCount * Block.WORDS) {
            throw new IllegalArgumentException("working memory too small");
        }
        int laneLength = blockCount / lanes;
        byte[] h0 = initialHash(password, salt, secret, associated, memoryKib, iterations, lanes, out.length);

        // The first two blocks of each lane (steps 3 and 4): H'(H0 || j || lane).
        byte[] block = new byte[Block.BYTES];
        for (int lane = 0; lane < lanes; lane++) {
            for (int j = 0; j < 2; j++) {
                Block.putLe32(h0, 64, j);
                Block.putLe32(h0, 68, lane);
                Blake2bLong.hash(h0, block);
                Block.read(block, memory, (lane * laneLength + j) * Block.WORDS);
            }
        }

        MemoryFilling filling = new MemoryFilling(memory, lanes, laneLength, iterations);
        for (int pass = 0; pass < iterations; pass++) {
            for (int slice = 0; slice < SYNC_POINTS; slice++) {
                for (int lane = 0; lane < lanes; lane++) {
                    filling.fillSegment(pass, slice, lane);
                }
            }
        }

        // Final block: XOR of the last block of every lane, then H' to the tag length (steps 7, 8).
        long[] last = new long[Block.WORDS];
        for (int lane = 0; lane < lanes; lane++) {
            int offset = (lane * laneLength + laneLength - 1) * Block.WORDS;
            for (int w = 0; w < Block.WORDS; w++) {
                last[w] ^= memory[offset + w];
            }
        }
        Block.write(last, block);
        Blake2bLong.hash(block, out);
        Arrays.fill(block, (byte) 0);
        Arrays.fill(h0, (byte) 0);
    }

    /**
     * H0 of §3.2 step 1: BLAKE2b-512 over the parameters and the length-prefixed inputs, in 72
     * bytes whose last 8 steps 3 and 4 fill with the block index and the lane.
     */
    private static byte[] initialHash(byte[] password, byte[] salt, byte[] secret, byte[] associated, int memoryKib,
            int iterations, int lanes, int tagLength) {
        Blake2bDigest h = new Blake2bDigest(512);
        for (int v : new int[] {lanes, tagLength, memoryKib, iterations, VERSION, TYPE_ID}) {
            Blake2bLong.le32(h, v);
        }
        for (byte[] input : new byte[][] {password, salt, secret, associated}) {
            Blake2bLong.le32(h, input.length);
            h.update(input, 0, input.length);
        }
        byte[] h0 = new byte[64 + 8];
        h.doFinal(h0, 0);
        return h0;
    }
}
