package dev.portcullis.revocation;

import java.time.Instant;
import java.util.UUID;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

/**
 * Test fixture: RFC 9068-shaped access tokens that are well formed in every respect (typ,
 * issuer, lifetime, claims) but signed by a key token-service never published: what an
 * attacker can produce.
 */
final class ForgedTokens {
    private ForgedTokens() {
    }

    static String signedByOwnKey(String kid, String clientId) throws JoseException {
        RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        JwtClaims claims = new JwtClaims();
        long now = Instant.now().getEpochSecond();
        claims.setIssuer("http://localhost:8080");
        claims.setSubject(clientId);
        claims.setAudience("https://api.example");
        claims.setClaim("client_id", clientId);
        claims.setClaim("scope", "api");
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setIssuedAt(org.jose4j.jwt.NumericDate.fromSeconds(now));
        claims.setExpirationTime(org.jose4j.jwt.NumericDate.fromSeconds(now + 300));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(kid);
        jws.setHeader("typ", "at+jwt");
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }
}
