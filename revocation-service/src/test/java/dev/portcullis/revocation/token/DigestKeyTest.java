package dev.portcullis.revocation.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portcullis.contract.TokenHash;
import dev.portcullis.contract.TokenShape;
import org.junit.jupiter.api.Test;

/** The cache key is the digest of TokenHash, so revocation notices naming a token hash find it. */
class DigestKeyTest {

    @Test
    void whenKeyIsMadeFromATokenThenItsTokenHashIsTokenHashOf() {
        String token = TokenShape.newOpaqueToken();
        assertEquals(TokenHash.of(token), DigestKey.of(token).tokenHash());
    }

    @Test
    void whenANoticeNamesATokenHashThenItsKeyEqualsTheTokensKey() {
        String token = TokenShape.newOpaqueToken();
        DigestKey key = DigestKey.of(token);
        assertEquals(key, DigestKey.ofTokenHash(TokenHash.of(token)));
        assertEquals(key.hashCode(), DigestKey.ofTokenHash(TokenHash.of(token)).hashCode());
        assertNotEquals(key, DigestKey.of(token + "x"));
    }

    @Test
    void whenTokenHashIsMalformedThenIllegalArgument() {
        assertThrows(IllegalArgumentException.class, () -> DigestKey.ofTokenHash("not base64!"));
        assertThrows(IllegalArgumentException.class, () -> DigestKey.ofTokenHash(TokenHash.newSecret(16)));
    }

    @Test
    void whenPrintedThenTheDigestIsNotShown() {
        assertEquals("DigestKey[...]", DigestKey.of("secret").toString());
    }
}
