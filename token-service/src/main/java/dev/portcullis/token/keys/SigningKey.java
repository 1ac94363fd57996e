package dev.portcullis.token.keys;

import dev.portcullis.rules.crypto.NativeCrypto;
import java.security.PrivateKey;
import java.time.Instant;
import org.jose4j.jwk.PublicJsonWebKey;

/**
 * A loaded signing key with its lifecycle instants.
 *
 * @param jwk the key pair (private part decrypted in memory only)
 * @param retiresAt null while no successor exists
 * @param unpublishAt null while no successor exists
 * @param privateKey the private key in the form the signing provider uses (NativeCrypto.prepare)
 */
public record SigningKey(String kid, SigningAlgorithm alg, PublicJsonWebKey jwk, Instant activatesAt,
        Instant retiresAt, Instant unpublishAt, PrivateKey privateKey) {

    public static SigningKey of(String kid, SigningAlgorithm alg, PublicJsonWebKey jwk, Instant activatesAt,
            Instant retiresAt, Instant unpublishAt) {
        return new SigningKey(kid, alg, jwk, activatesAt, retiresAt, unpublishAt,
                NativeCrypto.prepare(jwk.getPrivateKey()));
    }

    /** Signs at {@code now}: active and not yet superseded. */
    public boolean signsAt(Instant now) {
        return !activatesAt.isAfter(now) && (retiresAt == null || retiresAt.isAfter(now));
    }

    public boolean publishedAt(Instant now) {
        return unpublishAt == null || unpublishAt.isAfter(now);
    }
}
