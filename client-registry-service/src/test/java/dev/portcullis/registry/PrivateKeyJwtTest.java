package dev.portcullis.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.portcullis.contract.oauth.TokenTypes;
import dev.portcullis.proto.client.v1.AuthenticateClientRequest;
import dev.portcullis.proto.client.v1.AuthenticateClientResponse;
import dev.portcullis.proto.client.v1.ClientRegistry;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** private_key_jwt client authentication (RFC 7523 §2.2 and §3) through the real gRPC API. */
@QuarkusTest
class PrivateKeyJwtTest {
    private static final String ISSUER = "http://localhost:8080";
    private static final String TOKEN_ENDPOINT = ISSUER + "/token";
    private static final List<String> AUDIENCES = List.of(ISSUER, TOKEN_ENDPOINT);
    private static RsaJsonWebKey key;
    private static RsaJsonWebKey otherKey;

    @GrpcClient("client-registry")
    ClientRegistry registry;

    @BeforeAll
    static void keys() throws Exception {
        key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId("k1");
        otherKey = RsaJwkGenerator.generateJwk(2048);
        otherKey.setKeyId("k1");
    }

    private static String publicJwks(RsaJsonWebKey k) {
        return new JsonWebKeySet(k).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    private static String registerWithJwks() {
        String id = AdminClients.uniqueId("pkjwt");
        AdminClients.create("{\"client_id\":\"" + id + "\",\"token_endpoint_auth_method\":\"private_key_jwt\","
                + "\"grant_types\":[\"client_credentials\"],\"jwks\":" + publicJwks(key) + "}").statusCode(201);
        return id;
    }

    private static String assertion(String clientId, RsaJsonWebKey signer, Consumer<JwtClaims> change) throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(clientId);
        claims.setSubject(clientId);
        claims.setAudience(TOKEN_ENDPOINT);
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(2);
        change.accept(claims);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(signer.getPrivateKey());
        jws.setKeyIdHeaderValue(signer.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    private AuthenticateClientResponse authenticate(String clientId, String assertion) {
        return registry.authenticateClient(AuthenticateClientRequest.newBuilder()
                .setClientId(clientId).setAuthMethod("private_key_jwt")
                .setClientAssertionType(TokenTypes.CLIENT_ASSERTION_TYPE_JWT_BEARER)
                .setClientAssertion(assertion).addAllExpectedAudiences(AUDIENCES).build())
                .await().atMost(Duration.ofSeconds(10));
    }

    @Nested
    class Rfc7523Section3Accepted {
        @Test
        void whenAssertionIsSignedByARegisteredKeyThenAuthenticated() throws Exception {
            String id = registerWithJwks();
            AuthenticateClientResponse r = authenticate(id, assertion(id, key, c -> { }));
            assertTrue(r.getAuthenticated());
            assertEquals(id, r.getClient().getClientId());
        }

        @Test
        void whenAudienceIsTheIssuerThenAuthenticated() throws Exception {
            String id = registerWithJwks();
            assertTrue(authenticate(id, assertion(id, key, c -> c.setAudience(ISSUER))).getAuthenticated());
        }

        @Test
        void whenKeysComeFromJwksUriThenTheyAreFetchedAndAuthenticated() throws Exception {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            byte[] body = publicJwks(key).getBytes(StandardCharsets.UTF_8);
            server.createContext("/jwks", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            try {
                String id = AdminClients.uniqueId("pkjwt-uri");
                AdminClients.create("{\"client_id\":\"" + id + "\",\"token_endpoint_auth_method\":\"private_key_jwt\","
                        + "\"grant_types\":[\"client_credentials\"],\"jwks_uri\":\"http://127.0.0.1:"
                        + server.getAddress().getPort() + "/jwks\"}").statusCode(201);
                assertTrue(authenticate(id, assertion(id, key, c -> { })).getAuthenticated());
                assertFalse(authenticate(id, assertion(id, otherKey, c -> { })).getAuthenticated());
            } finally {
                server.stop(0);
            }
        }
    }

    @Nested
    class Rfc7523Section3Refused {
        @Test
        void whenAssertionIsReplayedThenRefused() throws Exception {
            String id = registerWithJwks();
            String once = assertion(id, key, c -> { });
            assertTrue(authenticate(id, once).getAuthenticated());
            AuthenticateClientResponse replay = authenticate(id, once);
            assertFalse(replay.getAuthenticated());
            assertEquals("invalid_client", replay.getError());
        }

        @Test
        void whenAudienceIsAnotherServerThenRefused() throws Exception {
            String id = registerWithJwks();
            assertFalse(authenticate(id, assertion(id, key, c -> c.setAudience("https://other.example.com/token")))
                    .getAuthenticated());
        }

        @Test
        void whenSignedByAnUnregisteredKeyThenRefused() throws Exception {
            String id = registerWithJwks();
            assertFalse(authenticate(id, assertion(id, otherKey, c -> { })).getAuthenticated());
        }

        @Test
        void whenIssuerOrSubjectIsAnotherClientThenRefused() throws Exception {
            String id = registerWithJwks();
            assertFalse(authenticate(id, assertion(id, key, c -> c.setIssuer("someone-else"))).getAuthenticated());
            assertFalse(authenticate(id, assertion(id, key, c -> c.setSubject("someone-else"))).getAuthenticated());
        }

        @Test
        void whenExpiredOrWithoutExpThenRefused() throws Exception {
            String id = registerWithJwks();
            assertFalse(authenticate(id, assertion(id, key, c -> c.setExpirationTimeMinutesInTheFuture(-5)))
                    .getAuthenticated());
            assertFalse(authenticate(id, assertion(id, key, c -> c.unsetClaim("exp"))).getAuthenticated());
        }

        @Test
        void whenExpIsFarInTheFutureThenRefused() throws Exception {
            String id = registerWithJwks();
            assertFalse(authenticate(id, assertion(id, key, c -> c.setExpirationTimeMinutesInTheFuture(24 * 60)))
                    .getAuthenticated());
        }

        @Test
        void whenJtiIsMissingThenRefused() throws Exception {
            String id = registerWithJwks();
            assertFalse(authenticate(id, assertion(id, key, c -> c.unsetClaim("jti"))).getAuthenticated());
        }

        @Test
        void whenSignedWithASymmetricKeyThenRefused() throws Exception {
            String id = registerWithJwks();
            JwtClaims claims = new JwtClaims();
            claims.setIssuer(id);
            claims.setSubject(id);
            claims.setAudience(TOKEN_ENDPOINT);
            claims.setGeneratedJwtId();
            claims.setExpirationTimeMinutesInTheFuture(2);
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setKey(new HmacKey(new byte[32]));
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
            assertFalse(authenticate(id, jws.getCompactSerialization()).getAuthenticated());
        }

        @Test
        void whenAssertionIsGarbageThenRefusedNotFailed() {
            String id = registerWithJwks();
            assertFalse(authenticate(id, "not.a.jwt").getAuthenticated());
            assertFalse(authenticate(id, "").getAuthenticated());
        }

        @Test
        void whenClientRegisteredForPrivateKeyJwtPresentsASecretThenRefused() {
            String id = registerWithJwks();
            assertFalse(registry.authenticateClient(AuthenticateClientRequest.newBuilder().setClientId(id)
                    .setAuthMethod("client_secret_basic").setClientSecret("guess").build())
                    .await().atMost(Duration.ofSeconds(10)).getAuthenticated());
        }
    }
}
