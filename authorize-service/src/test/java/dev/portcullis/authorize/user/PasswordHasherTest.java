package dev.portcullis.authorize.user;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.authorize.config.AuthorizeConfig;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/** Argon2id hashes (RFC 9106) in PHC string form, with their parameters read back from each hash. */
class PasswordHasherTest {
    static AuthorizeConfig config(int memory, int iterations) {
        return config(memory, iterations, java.util.OptionalInt.empty());
    }

    static AuthorizeConfig config(int memory, int iterations, java.util.OptionalInt maxConcurrent) {
        AuthorizeConfig.PasswordHash params = (AuthorizeConfig.PasswordHash) Proxy.newProxyInstance(
                PasswordHasherTest.class.getClassLoader(), new Class<?>[] {AuthorizeConfig.PasswordHash.class},
                (p, m, a) -> switch (m.getName()) {
                    case "memoryKib" -> memory;
                    case "iterations" -> iterations;
                    case "parallelism" -> 1;
                    case "maxConcurrent" -> maxConcurrent;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return (AuthorizeConfig) Proxy.newProxyInstance(PasswordHasherTest.class.getClassLoader(),
                new Class<?>[] {AuthorizeConfig.class}, (p, m, a) -> {
                    if (m.getName().equals("passwordHash")) {
                        return params;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    private final PasswordHasher hasher = new PasswordHasher(config(1024, 1));

    @Test
    void whenPasswordMatchesThenVerified() {
        String hash = hasher.hash("correct horse");
        assertTrue(hash.startsWith("$argon2id$v=19$m=1024,t=1,p=1$"));
        assertTrue(hasher.verify("correct horse", hash));
    }

    @Test
    void whenPasswordDiffersThenRefused() {
        assertFalse(hasher.verify("correct horsE", hasher.hash("correct horse")));
    }

    @Test
    void whenSamePasswordIsHashedTwiceThenSaltsDiffer() {
        assertNotEquals(hasher.hash("same"), hasher.hash("same"));
    }

    @Test
    void whenParametersChangeThenOldHashesStillVerify() {
        String old = new PasswordHasher(config(2048, 2)).hash("pw-123456");
        assertTrue(hasher.verify("pw-123456", old));
    }

    @Test
    void whenHashIsMalformedThenRefusedWithoutError() {
        assertFalse(hasher.verify("x", null));
        assertFalse(hasher.verify("x", "$2a$10$abcdefghijklmnopqrstuv"));
        assertFalse(hasher.verify("x", "$argon2id$v=19$m=x,t=1,p=1$AAAA$AAAA"));
        assertFalse(hasher.verify("x", "$argon2id$v=19$m=1024,t=1,p=1$!!$AAAA"));
    }

    /** Upgrade story: passwords hashed by BouncyCastle's Argon2id (our implementation until 2026-11-28) still sign in. */
    @Test
    void whenAStoredHashWasWrittenByBouncyCastleThenItStillVerifies() {
        byte[] salt = new byte[16];
        new java.security.SecureRandom().nextBytes(salt);
        org.bouncycastle.crypto.generators.Argon2BytesGenerator g = new org.bouncycastle.crypto.generators.Argon2BytesGenerator();
        g.init(new org.bouncycastle.crypto.params.Argon2Parameters.Builder(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_id)
                .withVersion(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_VERSION_13).withSalt(salt)
                .withMemoryAsKB(2048).withIterations(2).withParallelism(1).build());
        byte[] tag = new byte[32];
        g.generateBytes("légacy pässword".getBytes(java.nio.charset.StandardCharsets.UTF_8), tag);
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder().withoutPadding();
        String stored = "$argon2id$v=19$m=2048,t=2,p=1$" + b64.encodeToString(salt) + "$" + b64.encodeToString(tag);
        assertTrue(hasher.verify("légacy pässword", stored));
        assertFalse(hasher.verify("legacy password", stored));
    }

    @Test
    void whenAStoredHashAsksForAbsurdMemoryThenRefusedWithoutError() {
        assertFalse(hasher.verify("x", "$argon2id$v=19$m=2147483647,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAA"));
        assertFalse(hasher.verify("x", "$argon2id$v=19$m=1024,t=1,p=0$AAAAAAAAAAAAAAAAAAAAAA$AAAA"));
    }

    @Test
    void whenUserIsUnknownThenDummyVerificationRefuses() {
        assertFalse(hasher.verifyAgainstDummy("anything"));
    }

    @Test
    void whenALoginWaveArrivesThenAtMostMaxConcurrentHashesRunAndEveryLoginIsAnswered() throws Exception {
        PasswordHasher bounded = new PasswordHasher(config(8192, 2, java.util.OptionalInt.of(2)));
        String stored = bounded.hash("wave-password");
        java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newFixedThreadPool(8);
        java.util.concurrent.atomic.AtomicInteger fewestFree = new java.util.concurrent.atomic.AtomicInteger(Integer.MAX_VALUE);
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread sampler = new Thread(() -> {
            while (!done.get()) {
                fewestFree.accumulateAndGet(bounded.freeTurns(), Math::min);
            }
        });
        sampler.start();
        try {
            java.util.List<java.util.concurrent.Future<Boolean>> logins = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                logins.add(workers.submit(() -> bounded.verify("wave-password", stored)));
            }
            for (var login : logins) {
                assertTrue(login.get(60, java.util.concurrent.TimeUnit.SECONDS), "every login of the wave is verified");
            }
        } finally {
            done.set(true);
            sampler.join();
            workers.shutdownNow();
        }
        org.junit.jupiter.api.Assertions.assertEquals(0, fewestFree.get(), "both turns were taken while the wave ran");
        org.junit.jupiter.api.Assertions.assertEquals(2, bounded.freeTurns(), "every turn is given back");
        assertTrue(bounded.pooledBuffers() >= 1 && bounded.pooledBuffers() <= 2,
                "the working memory is reused, one buffer per turn at most: " + bounded.pooledBuffers());
    }

    @Test
    void whenMaxConcurrentIsBelowOneThenStartUpFails() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new PasswordHasher(config(1024, 1, java.util.OptionalInt.of(0))));
    }
}
