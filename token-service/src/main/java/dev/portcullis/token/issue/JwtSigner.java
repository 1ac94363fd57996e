package dev.portcullis.token.issue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.rules.crypto.NativeCrypto;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.token.keys.KeyRing;
import dev.portcullis.token.keys.SigningAlgorithm;
import dev.portcullis.token.keys.SigningKey;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

/** Signs JWTs (RFC 7515 compact serialization) with the active key of an algorithm. */
@ApplicationScoped
public class JwtSigner {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeyRing ring;

    public JwtSigner(KeyRing ring) {
        this.ring = ring;
    }

    /**
     * @param typ the JOSE {@code typ} header, e.g. {@code at+jwt} (RFC 9068 §2.1), or null
     */
    public String sign(SigningAlgorithm alg, String typ, Map<String, Object> claims) {
        SigningKey key = ring.active(alg).orElseThrow(() -> OAuthError.TEMPORARILY_UNAVAILABLE
                .exception("No signing key is available yet").withLogDetail("no active " + alg + " key"));
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setAlgorithmHeaderValue(alg.name());
            jws.setKeyIdHeaderValue(key.kid());
            if (typ != null) {
                jws.setHeader("typ", typ);
            }
            jws.setPayload(JSON.writeValueAsString(claims));
            jws.setKey(key.privateKey());
            jws.setProviderContext(NativeCrypto.jws(key.privateKey()));
            return jws.getCompactSerialization();
        } catch (JoseException | JsonProcessingException e) {
            throw new IllegalStateException("Cannot sign a token", e);
        }
    }
}
