package dev.portcullis.token.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** DESIGN "Tokens and keys": private keys at rest are AES-256-GCM ciphertexts bound to their kid. */
class KeyEncryptionTest {
    private final KeyEncryption encryption = new KeyEncryption(new byte[32]);

    @Test
    void whenEncryptedThenThePlaintextIsNotVisibleAndDecryptsBack() {
        byte[] sealed = encryption.encrypt("kid-1", "{\"d\":\"private\"}");
        assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("private"));
        assertEquals("{\"d\":\"private\"}", encryption.decrypt("kid-1", sealed));
    }

    @Test
    void whenCiphertextIsMovedToAnotherKidThenItDoesNotDecrypt() {
        byte[] sealed = encryption.encrypt("kid-1", "secret");
        assertThrows(IllegalStateException.class, () -> encryption.decrypt("kid-2", sealed));
    }

    @Test
    void whenTheKeyEncryptionKeyDiffersThenNothingDecrypts() {
        byte[] sealed = encryption.encrypt("kid-1", "secret");
        byte[] other = new byte[32];
        Arrays.fill(other, (byte) 1);
        assertThrows(IllegalStateException.class, () -> new KeyEncryption(other).decrypt("kid-1", sealed));
    }

    @Test
    void whenTheKeyEncryptionKeyIsNot32BytesThenStartUpFails() {
        assertThrows(IllegalStateException.class, () -> new KeyEncryption(new byte[16]));
    }
}
