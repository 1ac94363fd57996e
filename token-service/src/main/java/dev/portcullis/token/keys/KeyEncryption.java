package dev.portcullis.token.keys;

import dev.portcullis.token.config.TokenConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts private keys at rest with AES-256-GCM under the key-encryption key from the
 * environment (DESIGN "Tokens and keys"). The key id is authenticated data, so a ciphertext
 * copied onto another row does not decrypt.
 */
@ApplicationScoped
public final class KeyEncryption {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec kek;

    @Inject
    public KeyEncryption(TokenConfig config) {
        this(decode(config.keyEncryptionKey()));
    }

    KeyEncryption(byte[] raw) {
        if (raw.length != 32) {
            throw new IllegalStateException("oauth.token.key-encryption-key must be 32 bytes (base64), got " + raw.length);
        }
        this.kek = new SecretKeySpec(raw, "AES");
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("oauth.token.key-encryption-key is not base64");
        }
    }

    public byte[] encrypt(String kid, String plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + ct.length);
            System.arraycopy(ct, 0, out, NONCE_BYTES, ct.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt a signing key", e);
        }
    }

    /** @throws IllegalStateException when the ciphertext was not made with this key for this kid */
    public String decrypt(String kid, byte[] sealed) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            c.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            byte[] pt = c.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
            return new String(pt, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Signing key " + kid + " does not decrypt with the configured key-encryption key");
        }
    }
}
