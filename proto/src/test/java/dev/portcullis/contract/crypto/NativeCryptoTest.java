package dev.portcullis.contract.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
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
    private static EllipticCurveJsonWebKey ec;
    private static RsaJsonWebKey rsa;

    @BeforeAll
    static void keys() throws Exception {
        ec = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        rsa = RsaJwkGenerator.generateJwk(2048);
    }

    /** The speed of ES256 rests on this; a silent fallback to the JDK provider would cost 30x per signature. */
    @Test
    void onThisPlatformBoringSslSignsEcdsa() {
        assertTrue(NativeCrypto.provider().isPresent(), NativeCrypto.describe());
        assertEquals("Conscrypt", NativeCrypto.jws(ec.getPrivateKey())
                .getSuppliedKeyProviderContext().getSignatureProvider());
        PrivateKey prepared = NativeCrypto.prepare(ec.getPrivateKey());
        assertTrue(prepared.getClass().getName().startsWith("org.conscrypt."), prepared.getClass().getName());
        assertTrue(prepared instanceof ECPrivateKey, "jose4j checks the curve through ECKey");
    }

    @Test
    void rsaKeysStayOnTheJdkProvider() {
        assertNull(NativeCrypto.jws(rsa.getPrivateKey()).getSuppliedKeyProviderContext().getSignatureProvider());
        assertSame(rsa.getPrivateKey(), NativeCrypto.prepare(rsa.getPrivateKey()));
    }

    /** RFC 7518 §3.4: the signature is R || S; any conforming verifier must accept ours, and we theirs. */
    @Nested
    class Rfc7518Section3_4Es256Interoperates {
        @Test
        void whenBoringSslSignsThenTheJdkProviderVerifies() throws Exception {
            String jwt = sign(NativeCrypto.prepare(ec.getPrivateKey()), true);
            assertTrue(verify(jwt, false));
            assertEquals(64, signatureLength(jwt));
        }

        @Test
        void whenTheJdkProviderSignsThenBoringSslVerifies() throws Exception {
            assertTrue(verify(sign(ec.getPrivateKey(), false), true));
        }

        @Test
        void whenThePayloadIsChangedThenBoringSslRefusesTheSignature() throws Exception {
            String jwt = sign(NativeCrypto.prepare(ec.getPrivateKey()), true);
            String[] parts = jwt.split("\\.");
            String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                    "{\"sub\":\"mallory\",\"scope\":\"api\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    + "." + parts[2];
            assertFalse(verify(forged, true));
        }
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
