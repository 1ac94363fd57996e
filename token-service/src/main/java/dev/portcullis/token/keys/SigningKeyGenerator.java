package dev.portcullis.token.keys;

import dev.portcullis.contract.TokenHash;
import dev.portcullis.token.config.TokenConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/** Creates new signing keys (RFC 7517 JWKs) with a random {@code kid}, private part encrypted. */
@ApplicationScoped
public final class SigningKeyGenerator {
    private final KeyEncryption encryption;
    private final int rsaBits;

    public SigningKeyGenerator(KeyEncryption encryption, TokenConfig config) {
        this.encryption = encryption;
        this.rsaBits = config.keys().rsaKeySize();
    }

    public SigningKeyEntity generate(SigningAlgorithm alg, Instant now, Instant activatesAt) {
        try {
            PublicJsonWebKey jwk = alg == SigningAlgorithm.RS256
                    ? RsaJwkGenerator.generateJwk(rsaBits)
                    : EcJwkGenerator.generateJwk(EllipticCurves.P256);
            String kid = TokenHash.newSecret(12);
            jwk.setKeyId(kid);
            jwk.setAlgorithm(alg.name());
            jwk.setUse("sig");
            SigningKeyEntity e = new SigningKeyEntity();
            e.kid = kid;
            e.alg = alg.name();
            e.publicJwk = jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
            e.privateKey = encryption.encrypt(kid, jwk.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
            e.createdAt = now;
            e.activatesAt = activatesAt;
            return e;
        } catch (JoseException e) {
            throw new IllegalStateException("Cannot generate a " + alg + " key", e);
        }
    }
}
