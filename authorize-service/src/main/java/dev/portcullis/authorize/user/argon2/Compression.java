package dev.portcullis.authorize.user.argon2;

/**
 * The compression function G of RFC 9106 §3.5: R = X xor Y, rows then columns of R through the
 * permutation P (§3.6, the BLAKE2b round without message, with BlaMka's multiplication), and
 * G(X, Y) = P(R) xor R. Blocks are read and written in place in {@code long[]} memory at word
 * offsets; the two scratch blocks are this object's, so one derivation allocates them once.
 */
final class Compression {
    private static final int WORDS = Block.WORDS;
    private static final long LOW_32 = 0xFFFFFFFFL;

    private final long[] r = new long[WORDS];
    private final long[] tmp = new long[WORDS];

    /**
     * {@code next = G(prev, ref)}; with {@code xor} (every pass after the first, §3.2 step 6)
     * {@code next ^= G(prev, ref)} instead.
     */
    void compress(long[] prevMem, int prev, long[] refMem, int ref, long[] nextMem, int next, boolean xor) {
        long[] r = this.r;
        long[] tmp = this.tmp;
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

    /** The permutation P (§3.6) on 16 words of {@code r}. */
    private static void p(long[] r, int i0, int i1, int i2, int i3, int i4, int i5, int i6, int i7, int i8, int i9,
            int i10, int i11, int i12, int i13, int i14, int i15) {
        gb(r, i0, i4, i8, i12);
        gb(r, i1, i5, i9, i13);
        gb(r, i2, i6, i10, i14);
        gb(r, i3, i7, i11, i15);
        gb(r, i0, i5, i10, i15);
        gb(r, i1, i6, i11, i12);
        gb(r, i2, i7, i8, i13);
        gb(r, i3, i4, i9, i14);
    }

    /** GB of §3.6, with BlaMka's multiplication of the low 32 bits. */
    private static void gb(long[] r, int a, int b, int c, int d) {
        long va = r[a];
        long vb = r[b];
        long vc = r[c];
        long vd = r[d];
        va += vb + 2 * (va & LOW_32) * (vb & LOW_32);
        vd = Long.rotateRight(vd ^ va, 32);
        vc += vd + 2 * (vc & LOW_32) * (vd & LOW_32);
        vb = Long.rotateRight(vb ^ vc, 24);
        va += vb + 2 * (va & LOW_32) * (vb & LOW_32);
        vd = Long.rotateRight(vd ^ va, 16);
        vc += vd + 2 * (vc & LOW_32) * (vd & LOW_32);
        vb = Long.rotateRight(vb ^ vc, 63);
        r[a] = va;
        r[b] = vb;
        r[c] = vc;
        r[d] = vd;
    }
}
