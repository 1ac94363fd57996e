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
        AuthorizeConfig.PasswordHash params = (AuthorizeConfig.PasswordHash) Proxy.newProxyInstance(
                PasswordHasherTest.class.getClassLoader(), new Class<?>[] {AuthorizeConfig.PasswordHash.class},
                (p, m, a) -> switch (m.getName()) {
                    case "memoryKib" -> memory;
                    case "iterations" -> iterations;
                    case "parallelism" -> 1;
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

    @Test
    void whenUserIsUnknownThenDummyVerificationRefuses() {
        assertFalse(hasher.verifyAgainstDummy("anything"));
    }
}
