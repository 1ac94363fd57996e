package dev.portcullis.authorize.user;

import dev.portcullis.authorize.config.AuthorizeConfig;
import dev.portcullis.authorize.user.argon2.Argon2id;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

/**
 * Argon2id password hashes (RFC 9106) in the PHC string format
 * {@code $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>}, with a 16-byte salt and a
 * 32-byte output. Parameters default to the OWASP minimum (19 MiB, 2 passes, 1 lane) and are read
 * back from each stored hash, so they can be raised without invalidating existing passwords.
 *
 * <p>CPU- and memory-heavy by design: callers run it on a worker thread, never the event loop.
 * At most {@code max-concurrent} derivations run at once (default: one per CPU, as more cannot
 * finish sooner), so a wave of logins queues for CPU instead of taking {@code memory-kib} of heap
 * each on every worker thread and exhausting the heap.
 *
 * <p>Each running derivation borrows its working memory ({@code memory-kib} as one {@code long[]})
 * from a pool of at most {@code max-concurrent} buffers, kept for the life of the service: a
 * login allocates nothing in proportion to the hash's memory, so the garbage collector never
 * copies a derivation's 19 MiB ({@link Argon2id}). A hash stored with other parameters (before
 * they were raised) gets a buffer of its own size, not pooled.
 */
@ApplicationScoped
public final class PasswordHasher {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final AuthorizeConfig.PasswordHash params;
    private final Semaphore turns;
    private final ConcurrentLinkedQueue<long[]> buffers = new ConcurrentLinkedQueue<>();
    private final int pooledWords;
    private final String dummyHash;

    public PasswordHasher(AuthorizeConfig config) {
        this.params = config.passwordHash();
        int concurrent = params.maxConcurrent().orElse(Runtime.getRuntime().availableProcessors());
        if (concurrent < 1) {
            throw new IllegalArgumentException("oauth.authorize.password-hash.max-concurrent must be at least 1, not " + concurrent);
        }
        this.turns = new Semaphore(concurrent, true);
        this.pooledWords = Argon2id.memoryWords(params.memoryKib(), params.parallelism());
        byte[] random = new byte[24];
        RANDOM.nextBytes(random);
        this.dummyHash = hash(B64.encodeToString(random));
    }

    /** A new hash of {@code password} with a fresh salt. */
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] out = derive(password, salt, params.memoryKib(), params.iterations(), params.parallelism(), HASH_BYTES);
        return "$argon2id$v=19$m=" + params.memoryKib() + ",t=" + params.iterations() + ",p=" + params.parallelism()
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
    }

    /** True when {@code password} matches {@code encoded}; false for a malformed hash. Constant-time compare. */
    public boolean verify(String password, String encoded) {
        if (encoded == null) {
            return false;
        }
        String[] parts = encoded.split("\\$");
        if (parts.length != 6 || !"argon2id".equals(parts[1]) || !"v=19".equals(parts[2])) {
            return false;
        }
        try {
            int m = 0;
            int t = 0;
            int p = 0;
            for (String kv : parts[3].split(",")) {
                int v = Integer.parseInt(kv.substring(2));
                switch (kv.charAt(0)) {
                    case 'm' -> m = v;
                    case 't' -> t = v;
                    case 'p' -> p = v;
                    default -> {
                        return false;
                    }
                }
            }
            byte[] salt = B64D.decode(parts[4]);
            byte[] expected = B64D.decode(parts[5]);
            return MessageDigest.isEqual(expected, derive(password, salt, m, t, p, expected.length));
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            return false;
        }
    }

    /**
     * Does the same work as {@link #verify} against a hash no password matches, so an unknown
     * username costs as much time as a wrong password.
     */
    public boolean verifyAgainstDummy(String password) {
        verify(password, dummyHash);
        return false;
    }

    /** How many working-memory buffers are kept for reuse (for tests). */
    int pooledBuffers() {
        return buffers.size();
    }

    /** How many derivations may start now (for tests and metrics). */
    int freeTurns() {
        return turns.availablePermits();
    }

    private byte[] derive(String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        int words = Argon2id.memoryWords(memoryKib, parallelism); // refuses parameters out of range
        byte[] out = new byte[length];
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        turns.acquireUninterruptibly();
        long[] memory = null;
        try {
            memory = words == pooledWords ? buffers.poll() : null;
            if (memory == null) {
                memory = new long[words];
            }
            Argon2id.hash(secret, salt, memoryKib, iterations, parallelism, out, memory);
            return out;
        } finally {
            if (memory != null && memory.length == pooledWords) {
                buffers.offer(memory);
            }
            turns.release();
            java.util.Arrays.fill(secret, (byte) 0);
        }
    }
}
