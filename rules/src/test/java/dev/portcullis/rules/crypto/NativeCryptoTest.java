package dev.portcullis.rules.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class NativeCryptoTest {
    private static final String ACCP = "AmazonCorrettoCryptoProvider";
    private static EllipticCurveJsonWebKey ec;
    private static RsaJsonWebKey rsa;

    @BeforeAll
    static void keys() throws Exception {
        ec = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        rsa = RsaJwkGenerator.generateJwk(2048);
    }

    /** The speed of ES256 rests on this; a silent fallback to the JDK provider would cost 40x per signature. */
    @Test
    void onThisPlatformAwsLcSignsEcdsa() {
        assertTrue(NativeCrypto.provider().isPresent(), NativeCrypto.describe());
        assertEquals(ACCP, NativeCrypto.jws(ec.getPrivateKey()).getSuppliedKeyProviderContext().getSignatureProvider());
        PrivateKey prepared = NativeCrypto.prepare(ec.getPrivateKey());
        assertTrue(prepared.getClass().getName().startsWith("com.amazon.corretto."), prepared.getClass().getName());
        assertTrue(prepared instanceof ECPrivateKey, "jose4j checks the curve through ECKey");
    }

    /** RS256 ID tokens (the OIDC default) and RS256 access tokens rest on this: 4x cheaper than the JDK. */
    @Test
    void onThisPlatformAwsLcSignsRsa() {
        assertEquals(ACCP, NativeCrypto.jws(rsa.getPrivateKey()).getSuppliedKeyProviderContext().getSignatureProvider());
        PrivateKey prepared = NativeCrypto.prepare(rsa.getPrivateKey());
        assertTrue(prepared.getClass().getName().startsWith("com.amazon.corretto."), prepared.getClass().getName());
        assertTrue(prepared instanceof RSAPrivateKey, "jose4j checks the key size through RSAKey");
    }

    @Test
    void otherKeysStayOnTheJdkProvider() throws Exception {
        javax.crypto.SecretKey hmac = new javax.crypto.spec.SecretKeySpec(new byte[32], "HmacSHA256");
        assertNull(NativeCrypto.jws(hmac).getSuppliedKeyProviderContext().getSignatureProvider());
    }

    /** RFC 7518 §3.4: the signature is R || S; any conforming verifier must accept ours, and we theirs. */
    @Nested
    class Rfc7518Section3_4Es256Interoperates {
        @Test
        void whenAwsLcSignsThenTheJdkProviderVerifies() throws Exception {
            String jwt = sign(NativeCrypto.prepare(ec.getPrivateKey()), true);
            assertTrue(verify(jwt, false));
            assertEquals(64, signatureLength(jwt));
        }

        @Test
        void whenTheJdkProviderSignsThenAwsLcVerifies() throws Exception {
            assertTrue(verify(sign(ec.getPrivateKey(), false), true));
        }

        @Test
        void whenThePayloadIsChangedThenAwsLcRefusesTheSignature() throws Exception {
            String jwt = sign(NativeCrypto.prepare(ec.getPrivateKey()), true);
            String[] parts = jwt.split("\\.");
            String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                    "{\"sub\":\"mallory\",\"scope\":\"api\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    + "." + parts[2];
            assertFalse(verify(forged, true));
        }
    }

    /** RFC 7518 §3.3: RSASSA-PKCS1-v1_5 is deterministic, so AWS-LC's signature must equal the JDK's byte for byte. */
    @Nested
    class Rfc7518Section3_3Rs256Interoperates {
        @Test
        void awsLcAndTheJdkProduceTheSameSignature() throws Exception {
            String ours = signRsa(NativeCrypto.prepare(rsa.getPrivateKey()), true);
            String jdk = signRsa(rsa.getPrivateKey(), false);
            assertEquals(jdk, ours);
        }

        @Test
        void whenThePayloadIsChangedThenAwsLcRefusesTheSignature() throws Exception {
            String[] parts = signRsa(NativeCrypto.prepare(rsa.getPrivateKey()), true).split("\\.");
            String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                    "{\"sub\":\"mallory\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2];
            JsonWebSignature jws = (JsonWebSignature) JsonWebSignature.fromCompactSerialization(forged);
            jws.setKey(rsa.getPublicKey());
            jws.setProviderContext(NativeCrypto.jws(rsa.getPublicKey()));
            assertFalse(jws.verifySignature());
        }
    }

    private static String signRsa(PrivateKey key, boolean nativeProvider) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setPayload("{\"sub\":\"alice\",\"scope\":\"openid\"}");
        jws.setKey(key);
        if (nativeProvider) {
            jws.setProviderContext(NativeCrypto.jws(key));
        }
        return jws.getCompactSerialization();
    }

    private static String sign(PrivateKey key, boolean nativeProvider) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        jws.setPayload("{\"sub\":\"alice\",\"scope\":\"api\"}");
        jws.setKey(key);
        if (nativeProvider) {
            jws.setProviderContext(NativeCrypto.jws(key));
        }
        return jws.getCompactSerialization();
    }

    private static boolean verify(String jwt, boolean nativeProvider) throws Exception {
        JsonWebSignature jws = (JsonWebSignature) JsonWebSignature.fromCompactSerialization(jwt);
        jws.setKey(ec.getPublicKey());
        if (nativeProvider) {
            jws.setProviderContext(NativeCrypto.jws(ec.getPublicKey()));
        }
        return jws.verifySignature();
    }

    private static int signatureLength(String jwt) {
        return java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[2]).length;
    }
}
