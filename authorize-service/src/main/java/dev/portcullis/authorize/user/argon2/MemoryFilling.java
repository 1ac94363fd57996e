package dev.portcullis.authorize.user.argon2;

import java.util.Arrays;

/**
 * Steps 5 and 6 of RFC 9106 §3.2 for one derivation: each block is G of the previous block and a
 * reference block chosen by the indexing of §3.4. Memory is {@code lanes} rows of
 * {@code laneLength} blocks cut into 4 slices; a segment is one lane's part of a slice, and the
 * segments of a slice are independent of each other. Argon2id takes the pseudo-random numbers
 * from an address block (data-independent, as Argon2i, §3.4.1.2) for the first half of the first
 * pass, and from the previous block (data-dependent, as Argon2d, §3.4.1.1) from then on.
 */
final class MemoryFilling {
    private static final int WORDS = Block.WORDS;
    private static final int SYNC_POINTS = Argon2id.SYNC_POINTS;
    private static final long LOW_32 = 0xFFFFFFFFL;

    private final long[] memory;
    private final int lanes;
    private final int laneLength;
    private final int segmentLength;
    private final int iterations;
    private final Compression g = new Compression();
    private final long[] zero = new long[WORDS];
    private final long[] input = new long[WORDS];
    private final long[] address = new long[WORDS];

    MemoryFilling(long[] memory, int lanes, int laneLength, int iterations) {
        this.memory = memory;
        this.lanes = lanes;
        this.laneLength = laneLength;
        this.segmentLength = laneLength / SYNC_POINTS;
        this.iterations = iterations;
    }

    /** Computes the blocks of segment ({@code pass}, {@code slice}, {@code lane}). */
    void fillSegment(int pass, int slice, int lane) {
        long[] memory = this.memory;
        int laneLength = this.laneLength;
        int segmentLength = this.segmentLength;
        boolean independent = pass == 0 && slice < SYNC_POINTS / 2; // Argon2id: Argon2i for the first half pass
        if (independent) {
            Arrays.fill(input, 0);
            input[0] = pass;
            input[1] = lane;
            input[2] = slice;
            input[3] = (long) lanes * laneLength;
            input[4] = iterations;
            input[5] = Argon2id.TYPE_ID;
        }
        int start = 0;
        if (pass == 0 && slice == 0) {
            start = 2;
            if (independent) {
                nextAddresses();
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
                    nextAddresses();
                }
                pseudoRandom = address[i % WORDS];
            } else {
                pseudoRandom = memory[previous * WORDS];
            }
            int refLane = pass == 0 && slice == 0 ? lane : (int) ((pseudoRandom >>> 32) % lanes);
            int refIndex = referenceIndex(pass, slice, i, pseudoRandom & LOW_32, refLane == lane);
            int ref = refLane * laneLength + refIndex;
            g.compress(memory, previous * WORDS, memory, ref * WORDS, memory, current * WORDS, pass > 0);
        }
    }

    /** §3.4.1.2: the next 128 pseudo-random numbers, G(zero, G(zero, input)) with the counter raised. */
    private void nextAddresses() {
        input[6]++;
        g.compress(zero, 0, input, 0, address, 0, false);
        g.compress(zero, 0, address, 0, address, 0, false);
    }

    /** §3.4.2: the reference block's index within its lane, from J1 and the blocks it may reference. */
    private int referenceIndex(int pass, int slice, int index, long pseudoRandom, boolean sameLane) {
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
}
