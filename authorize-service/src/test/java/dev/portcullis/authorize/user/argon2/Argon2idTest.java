package dev.portcullis.authorize.user.argon2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

/**
 * Our Argon2id must produce exactly the RFC's and BouncyCastle's bytes: a stored password hash
 * written by either must verify with the other, or users could not sign in after an upgrade.
 */
class Argon2idTest {

    /** RFC 9106 §5.3, the Argon2id test vector (with secret and associated data). */
    @Test
    void rfc9106Section5_3TestVector() {
        byte[] password = filled(32, 0x01);
        byte[] salt = filled(16, 0x02);
        byte[] secret = filled(8, 0x03);
        byte[] associated = filled(12, 0x04);
        byte[] tag = new byte[32];
        Argon2id.hash(password, salt, secret, associated, 32, 3, 4, tag, new long[Argon2id.memoryWords(32, 4)]);
        assertEquals("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659", HexFormat.of().formatHex(tag));
    }

    /** Varied memory, passes, lanes and tag lengths (including H' beyond 64 bytes), against BouncyCastle. */
    @Test
    void sameBytesAsBouncyCastleForVariedParameters() {
        Random random = new Random(9106);
        int[][] cases = {{8, 1, 1, 32}, {64, 2, 1, 32}, {256, 3, 2, 16}, {1024, 1, 4, 64}, {515, 2, 3, 65}, {4096, 2, 1, 128},
                {19456, 2, 1, 32}, {100, 5, 1, 33}};
        for (int[] c : cases) {
            byte[] password = new byte[random.nextInt(40)];
            byte[] salt = new byte[16];
            random.nextBytes(password);
            random.nextBytes(salt);
            byte[] ours = new byte[c[3]];
            long[] memory = new long[Argon2id.memoryWords(c[0], c[2])];
            Arrays.fill(memory, random.nextLong()); // leftovers of an earlier derivation must not matter
            Argon2id.hash(password, salt, c[0], c[1], c[2], ours, memory);
            assertArrayEquals(bouncyCastle(password, salt, c[0], c[1], c[2], c[3]), ours, Arrays.toString(c));
        }
    }

    @Test
    void workingMemoryTooSmallIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> Argon2id.hash(new byte[8], new byte[16], 64, 1, 1, new byte[32], new long[Argon2id.memoryWords(64, 1) - 1]));
    }

    private static byte[] bouncyCastle(byte[] password, byte[] salt, int memoryKib, int iterations, int lanes, int length) {
        Argon2BytesGenerator g = new Argon2BytesGenerator();
        g.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt).withMemoryAsKB(memoryKib).withIterations(iterations).withParallelism(lanes).build());
        byte[] out = new byte[length];
        g.generateBytes(password, out);
        return out;
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
