package dev.portcullis.rules.accesstoken;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portcullis.contract.RedisKeys;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthException;
import dev.portcullis.proto.records.v1.RevokedTokenRecord;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * RFC 9068 §4, the validation every service applies to our JWT access tokens, with real RSA and
 * EC keys from a real JWKS document over HTTP, and the revoked ids in the real Redis.
 */
@QuarkusTest
class AccessTokenVerifierTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    ReactiveRedisDataSource reactive;
    @Inject
    RedisDataSource redis;
    @Inject
    @RedisClientName("unreachable")
    ReactiveRedisDataSource unreachable;

    private static JwksDocument jwks;
    private static JwksKeys keys;
    private static PublicJsonWebKey rsa;
    private static PublicJsonWebKey ec;
    private AccessTokenVerifier verifier;

    /** One JWKS document and cache for the class (RSA keys take a while to generate). */
    @BeforeEach
    void publishKeys() {
        if (jwks == null) {
            jwks = new JwksDocument();
            rsa = jwks.publish(JwksDocument.rsaKey());
            ec = jwks.publish(JwksDocument.ecKey());
            keys = new JwksKeys(jwks.url(), Duration.ofMinutes(2), Duration.ofSeconds(5), Duration.ofSeconds(5));
        }
        verifier = new AccessTokenVerifier(keys, JwksDocument.ISSUER, reactive);
    }

    @AfterAll
    static void stop() {
        keys.stop();
        jwks.close();
    }

    private AccessTokenClaims verify(String token) {
        return verifier.verify(token).await().atMost(WAIT);
    }

    private static OAuthError refusal(Uni<?> verification) {
        return assertThrows(OAuthException.class, () -> verification.await().atMost(WAIT)).error();
    }

    private OAuthError refusal(String token) {
        return refusal(verifier.verify(token));
    }

    @Nested
    class Section4_ValidToken {
        @Test
        void whenSignedWithRs256ThenItsClaims() {
            JwtClaims c = JwksDocument.claims();
            AccessTokenClaims v = verify(JwksDocument.sign(rsa, c));
            assertEquals(JwksDocument.ISSUER, v.issuer());
            assertEquals(c.getClaimValue("sub"), v.subject());
            assertEquals(c.getClaimValue("client_id"), v.clientId());
            assertEquals("openid api", v.scope());
            assertEquals(List.of("https://api.example.com"), v.audience());
            assertEquals(c.getClaimValue("jti"), v.jti());
        }

        @Test
        void whenSignedWithEs256ThenAccepted() {
            JwtClaims c = JwksDocument.claims();
            assertEquals(c.getClaimValue("jti"), verify(JwksDocument.sign(ec, c)).jti());
        }

        @Test
        void whenTypIsTheMediaTypeFormThenAccepted() {
            JwtClaims c = JwksDocument.claims();
            verify(JwksDocument.sign(rsa, c, "application/at+jwt", AlgorithmIdentifiers.RSA_USING_SHA256));
        }
    }

    @Nested
    class Section2_1_Header {
        @Test
        void whenTypIsMissingThenInvalidToken() {
            assertEquals(OAuthError.INVALID_TOKEN, refusal(JwksDocument.sign(rsa, JwksDocument.claims(), null, "RS256")));
        }

        @Test
        void whenTypIsPlainJwtThenInvalidToken() {
            assertEquals(OAuthError.INVALID_TOKEN, refusal(JwksDocument.sign(rsa, JwksDocument.claims(), "JWT", "RS256")));
        }

        @Test
        void whenKidIsMissingThenInvalidToken() throws Exception {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(JwksDocument.claims().toJson());
            jws.setKey(rsa.getPrivateKey());
            jws.setHeader("typ", "at+jwt");
            jws.setAlgorithmHeaderValue("RS256");
            assertEquals(OAuthError.INVALID_TOKEN, refusal(jws.getCompactSerialization()));
        }

        @Test
        void whenNotAJwtOrTooLongThenInvalidToken() {
            assertEquals(OAuthError.INVALID_TOKEN, refusal("a.b.c"));
            assertEquals(OAuthError.INVALID_TOKEN, refusal("x".repeat(AccessTokenVerifier.MAX_LENGTH + 1)));
        }
    }

    @Nested
    class Section4_Item6_Algorithms {
        @Test
        void whenAlgIsNoneThenInvalidToken() {
            String header = b64("{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"" + rsa.getKeyId() + "\"}");
            String token = header + "." + b64(JwksDocument.claims().toJson()) + ".";
            assertEquals(OAuthError.INVALID_TOKEN, refusal(token));
        }

        /** The classic confusion: the RSA public key used as an HMAC secret. */
        @Test
        void whenHmacWithThePublicKeyAsSecretThenInvalidToken() throws Exception {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(JwksDocument.claims().toJson());
            jws.setKey(new HmacKey(rsa.getPublicKey().getEncoded()));
            jws.setKeyIdHeaderValue(rsa.getKeyId());
            jws.setHeader("typ", "at+jwt");
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
            jws.setDoKeyValidation(false);
            assertEquals(OAuthError.INVALID_TOKEN, refusal(jws.getCompactSerialization()));
        }

        @Test
        void whenAlgDiffersFromTheKeysAlgThenInvalidToken() {
            String token = JwksDocument.sign(rsa, JwksDocument.claims(), "at+jwt", AlgorithmIdentifiers.RSA_PSS_USING_SHA256);
            assertEquals(OAuthError.INVALID_TOKEN, refusal(token));
        }
    }

    @Nested
    class Section4_Item4_Signature {
        @Test
        void whenSignedByAnUnpublishedKeyUnderAPublishedKidThenInvalidToken() {
            PublicJsonWebKey forger = JwksDocument.rsaKey();
            forger.setKeyId(rsa.getKeyId());
            assertEquals(OAuthError.INVALID_TOKEN, refusal(JwksDocument.sign(forger, JwksDocument.claims())));
        }

        @Test
        void whenThePayloadWasAlteredThenInvalidToken() {
            String[] parts = JwksDocument.sign(rsa, JwksDocument.claims()).split("\\.");
            JwtClaims other = JwksDocument.claims();
            other.setClaim("scope", "openid api admin");
            assertEquals(OAuthError.INVALID_TOKEN, refusal(parts[0] + "." + b64(other.toJson()) + "." + parts[2]));
        }
    }

    @Nested
    class Section4_Item2_Issuer {
        @Test
        void whenIssuerDiffersThenInvalidToken() {
            JwtClaims c = JwksDocument.claims();
            c.setIssuer("https://elsewhere.example.com");
            assertEquals(OAuthError.INVALID_TOKEN, refusal(JwksDocument.sign(rsa, c)));
        }
    }

    @Nested
    class Section4_Item7_Lifetime {
        private final long now = Instant.now().getEpochSecond();

        private AccessTokenVerifier at(long epochSecond) {
            return new AccessTokenVerifier(keys, JwksDocument.ISSUER, reactive,
                    Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
        }

        @Test
        void whenExpIsNowThenInvalidTokenWithoutLeeway() {
            JwtClaims c = JwksDocument.claims(now);
            assertEquals(OAuthError.INVALID_TOKEN, refusal(at(now + 300).verify(JwksDocument.sign(rsa, c))));
            at(now + 299).verify(JwksDocument.sign(rsa, c)).await().atMost(WAIT);
        }

        @Test
        void whenExpIsMissingThenInvalidToken() {
            JwtClaims c = JwksDocument.claims(now);
            c.unsetClaim("exp");
            assertEquals(OAuthError.INVALID_TOKEN, refusal(JwksDocument.sign(rsa, c)));
        }

        @Test
        void whenNbfIsWithinTheSkewThenAcceptedAndBeyondItInvalidToken() {
            JwtClaims c = JwksDocument.claims(now);
            c.setNotBefore(NumericDate.fromSeconds(now + AccessTokenVerifier.NBF_SKEW_SECONDS));
            at(now).verify(JwksDocument.sign(rsa, c)).await().atMost(WAIT);
            c.setNotBefore(NumericDate.fromSeconds(now + AccessTokenVerifier.NBF_SKEW_SECONDS + 1));
            assertEquals(OAuthError.INVALID_TOKEN, refusal(at(now).verify(JwksDocument.sign(rsa, c))));
        }
    }

    @Nested
    class Section2_2_RequiredClaims {
        @Test
        void whenSubOrJtiIsMissingThenInvalidToken() {
            JwtClaims noSub = JwksDocument.claims();
            noSub.unsetClaim("sub");
            JwtClaims noJti = JwksDocument.claims();
            noJti.unsetClaim("jti");
            assertEquals(OAuthError.INVALID_TOKEN, refusal(JwksDocument.sign(rsa, noSub)));
            assertEquals(OAuthError.INVALID_TOKEN, refusal(JwksDocument.sign(rsa, noJti)));
        }

        @Test
        void whenScopeIsMalformedThenInvalidToken() {
            JwtClaims c = JwksDocument.claims();
            c.setClaim("scope", "openid \"api\"");
            assertEquals(OAuthError.INVALID_TOKEN, refusal(JwksDocument.sign(rsa, c)));
        }
    }

    @Nested
    class Section4_Item3_Audience {
        @Test
        void whenTheRequiredAudienceIsListedThenAccepted() {
            JwtClaims c = JwksDocument.claims();
            c.setAudience("https://other.example.com", "https://admin.example.com");
            verifier.verify(JwksDocument.sign(rsa, c), "https://admin.example.com").await().atMost(WAIT);
        }

        @Test
        void whenTheRequiredAudienceIsAbsentOrOtherThenInvalidToken() {
            JwtClaims other = JwksDocument.claims();
            JwtClaims none = JwksDocument.claims();
            none.unsetClaim("aud");
            assertEquals(OAuthError.INVALID_TOKEN, refusal(verifier.verify(JwksDocument.sign(rsa, other), "https://admin.example.com")));
            assertEquals(OAuthError.INVALID_TOKEN, refusal(verifier.verify(JwksDocument.sign(rsa, none), "https://admin.example.com")));
        }
    }

    @Nested
    class Rfc7009_RevokedJti {
        @Test
        void whenTheJtiWasRevokedThenInvalidTokenButStillAuthentic() {
            JwtClaims c = JwksDocument.claims();
            String token = JwksDocument.sign(rsa, c);
            String jti = (String) c.getClaimValue("jti");
            redis.value(byte[].class).setex(RedisKeys.revokedAccessToken(jti), 120,
                    RevokedTokenRecord.newBuilder().setJti(jti).setExpiresAt(Instant.now().getEpochSecond() + 120).build().toByteArray());

            assertEquals(OAuthError.INVALID_TOKEN, refusal(token));
            assertEquals(jti, verifier.authentic(token).await().atMost(WAIT).jti());
        }

        @Test
        void whenRedisIsUnreachableThenTemporarilyUnavailable() {
            AccessTokenVerifier cut = new AccessTokenVerifier(keys, JwksDocument.ISSUER, unreachable);
            assertEquals(OAuthError.TEMPORARILY_UNAVAILABLE, refusal(cut.verify(JwksDocument.sign(rsa, JwksDocument.claims()))));
        }
    }

    @Nested
    class SigningKeysUnavailable {
        @Test
        void whenNoKeySetWasEverLoadedThenTemporarilyUnavailable() {
            JwksKeys dead = new JwksKeys(java.net.URI.create("http://127.0.0.1:1/jwks"), Duration.ofHours(2),
                    Duration.ofHours(1), Duration.ofSeconds(2));
            try {
                AccessTokenVerifier cut = new AccessTokenVerifier(dead, JwksDocument.ISSUER, reactive);
                assertEquals(OAuthError.TEMPORARILY_UNAVAILABLE, refusal(cut.verify(JwksDocument.sign(rsa, JwksDocument.claims()))));
                assertEquals(false, dead.loaded());
                // The next attempt is an hour away: the answer does not wait for it.
                assertEquals(OAuthError.TEMPORARILY_UNAVAILABLE, refusal(cut.verify(JwksDocument.sign(ec, JwksDocument.claims()))));
            } finally {
                dead.stop();
            }
        }
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
