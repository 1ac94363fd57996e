package dev.portcullis.authorize.user.argon2;

/**
 * The 1 KiB block of Argon2 memory (RFC 9106 §3.2): 128 64-bit words, kept as a run of
 * {@link #WORDS} longs in the working memory and turned into bytes, little-endian, only where H'
 * reads or writes it (steps 3, 4 and 7).
 */
final class Block {
    static final int BYTES = 1024;
    static final int WORDS = BYTES / 8;

    private Block() {
    }

    /** The words of a block from its {@link #BYTES} bytes into {@code memory} at {@code offset}. */
    static void read(byte[] block, long[] memory, int offset) {
        for (int w = 0; w < WORDS; w++) {
            long v = 0;
            for (int i = 7; i >= 0; i--) {
                v = (v << 8) | (block[w * 8 + i] & 0xFF);
            }
            memory[offset + w] = v;
        }
    }

    /** The bytes of a block of {@link #WORDS} words. */
    static void write(long[] words, byte[] block) {
        for (int w = 0; w < WORDS; w++) {
            long v = words[w];
            for (int i = 0; i < 8; i++) {
                block[w * 8 + i] = (byte) (v >>> (8 * i));
            }
        }
    }

    /** {@code v} as 4 little-endian bytes at {@code off}. */
    static void putLe32(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }
}
