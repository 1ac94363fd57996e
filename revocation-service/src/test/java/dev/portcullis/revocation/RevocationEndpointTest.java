package dev.portcullis.revocation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.contract.RedisKeys;
import dev.portcullis.contract.TokenHash;
import dev.portcullis.proto.records.v1.RefreshFamilyRecord;
import dev.portcullis.proto.records.v1.RevocationNotice;
import dev.portcullis.proto.records.v1.RevokedTokenRecord;
import dev.portcullis.revocation.RegisteredClients.Registered;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** RFC 7009 over HTTP, against real client-registry-service, token-service and Redis. */
@QuarkusTest
@WithTestResource(PortcullisServices.class)
class RevocationEndpointTest {
    private static final String INACTIVE = "{\"active\":false}";

    @Inject
    RedisDataSource redis;

    Registered owner;
    Registered other;
    Registered resourceServer;

    @BeforeEach
    void clients() {
        owner = RegisteredClients.machine();
        other = RegisteredClients.machine();
        resourceServer = RegisteredClients.introspector();
    }

    ValidatableResponse revoke(Registered client, String token, String hint) {
        var request = given().header("Authorization", client.basic()).formParam("token", token);
        if (hint != null) {
            request.formParam("token_type_hint", hint);
        }
        return request.post("/revoke").then();
    }

    String introspect(String token) {
        return given().header("Authorization", resourceServer.basic()).formParam("token", token)
                .post("/introspect").then().statusCode(200).extract().asString();
    }

    boolean active(String token) {
        return !INACTIVE.equals(introspect(token));
    }

    /** RFC 7009 §2.1: the client revokes its own tokens, and a refresh token takes its grant along. */
    @Nested
    class Rfc7009Section2_1RevocationRequest {

        @Test
        void whenClientRevokesItsJwtAccessTokenThenItIsInactiveAtOnce() {
            String token = Tokens.clientCredentials(owner, "api");
            assertTrue(active(token)); // now in the local cache
            revoke(owner, token, "access_token").statusCode(200).body(emptyString());
            assertEquals(INACTIVE, introspect(token));
        }

        @Test
        void whenJwtIsRevokedThenItsRevokedKeyExpiresWithTheToken() throws Exception {
            String token = Tokens.clientCredentials(owner, "api");
            String jti = Tokens.claims(token).get("jti").asText();
            long exp = Tokens.claims(token).get("exp").asLong();
            revoke(owner, token, null).statusCode(200);

            String key = RedisKeys.revokedAccessToken(jti);
            long ttl = redis.key().ttl(key);
            long remaining = exp - Instant.now().getEpochSecond();
            assertTrue(ttl <= remaining + 1 && ttl >= remaining - 5, "ttl " + ttl + " remaining " + remaining);
            RevokedTokenRecord record = RevokedTokenRecord.parseFrom(redis.value(byte[].class).get(key));
            assertEquals(exp, record.getExpiresAt());
            assertEquals(owner.id(), record.getClientId());
        }

        @Test
        void whenAnotherClientRevokesTheTokenThen200AndNothingIsRevoked() {
            String token = Tokens.clientCredentials(owner, "api");
            String jti = Tokens.claims(token).get("jti").asText();
            revoke(other, token, "access_token").statusCode(200);
            assertTrue(active(token));
            assertFalse(redis.key().exists(RedisKeys.revokedAccessToken(jti)));

            Tokens.Family family = Tokens.refreshFamily(redis, owner.id(), List.of(), 0);
            revoke(other, family.refreshToken(), "refresh_token").statusCode(200);
            assertTrue(active(family.refreshToken()));

            String opaque = Tokens.opaque(redis, owner.id(), null, 300);
            revoke(other, opaque, null).statusCode(200);
            assertTrue(active(opaque));
        }

        @Test
        void whenRefreshTokenIsRevokedThenItsFamilyAndItsAccessTokensAreRevoked() throws Exception {
            String accessToken = Tokens.clientCredentials(owner, "api");
            String jti = Tokens.claims(accessToken).get("jti").asText();
            long exp = Tokens.claims(accessToken).get("exp").asLong();
            String opaque = Tokens.opaque(redis, owner.id(), null, 300);
            assertTrue(active(accessToken));
            Tokens.Family family = Tokens.refreshFamily(redis, owner.id(), List.of(jti, "jti-" + TokenHash.newSecret(8)), exp);
            long familyTtl = redis.key().ttl(RedisKeys.refreshFamily(family.familyId()));

            revoke(owner, family.refreshToken(), "refresh_token").statusCode(200);

            assertEquals(INACTIVE, introspect(family.refreshToken()));
            assertEquals(INACTIVE, introspect(accessToken));
            assertTrue(active(opaque), "tokens of other grants stay active");
            RefreshFamilyRecord stored = RefreshFamilyRecord.parseFrom(
                    redis.value(byte[].class).get(RedisKeys.refreshFamily(family.familyId())));
            assertTrue(stored.getRevoked());
            long ttlAfter = redis.key().ttl(RedisKeys.refreshFamily(family.familyId()));
            assertTrue(ttlAfter > familyTtl - 30 && ttlAfter <= familyTtl, "family keeps its ttl: " + ttlAfter);
            for (String id : family.accessTokenJtis()) {
                long ttl = redis.key().ttl(RedisKeys.revokedAccessToken(id));
                long remaining = exp - Instant.now().getEpochSecond();
                assertTrue(ttl <= remaining + 1 && ttl >= remaining - 5, "ttl " + ttl + " remaining " + remaining);
            }
            assertFalse(redis.key().exists(RedisKeys.refreshToken(family.familyId(), TokenHash.of(family.refreshToken()))));
        }

        @Test
        void whenPublicClientRevokesItsRefreshTokenThenItIsRevoked() {
            Registered spa = RegisteredClients.publicClient();
            Tokens.Family family = Tokens.refreshFamily(redis, spa.id(), List.of(), 0);
            given().formParam("client_id", spa.id()).formParam("token", family.refreshToken())
                    .post("/revoke").then().statusCode(200);
            assertEquals(INACTIVE, introspect(family.refreshToken()));
        }

        @Test
        void whenOpaqueAccessTokenIsRevokedThenItsRecordIsGone() {
            String opaque = Tokens.opaque(redis, owner.id(), null, 300);
            assertTrue(active(opaque));
            revoke(owner, opaque, "access_token").statusCode(200);
            assertEquals(INACTIVE, introspect(opaque));
            assertFalse(redis.key().exists(RedisKeys.opaqueAccessToken(TokenHash.of(opaque))));
        }

        @Test
        void whenHintIsWrongThenTheTokenIsStillRevoked() {
            String token = Tokens.clientCredentials(owner, "api");
            revoke(owner, token, "refresh_token").statusCode(200);
            assertEquals(INACTIVE, introspect(token));
        }

        @Test
        void whenTokenIsRevokedThenARevocationNoticeIsPublished() throws Exception {
            String token = Tokens.clientCredentials(owner, "api");
            String jti = Tokens.claims(token).get("jti").asText();
            LinkedBlockingQueue<RevocationNotice> notices = new LinkedBlockingQueue<>();
            var subscriber = redis.pubsub(byte[].class).subscribe(RedisKeys.REVOCATION_CHANNEL, bytes -> {
                try {
                    notices.add(RevocationNotice.parseFrom(bytes));
                } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                revoke(owner, token, null).statusCode(200);
                RevocationNotice notice;
                do {
                    notice = notices.poll(10, TimeUnit.SECONDS);
                } while (notice != null && !jti.equals(notice.getJti()));
                assertEquals(jti, notice == null ? null : notice.getJti());
            } finally {
                subscriber.unsubscribe();
            }
        }

        @Test
        void whenNoClientAuthenticationThen401InvalidClient() {
            given().formParam("token", "whatever").post("/revoke").then()
                    .statusCode(401)
                    .body("error", equalTo("invalid_client"));
            revoke(new Registered(owner.id(), "wrong"), "whatever", null)
                    .statusCode(401)
                    .body("error", equalTo("invalid_client"));
        }

        @Test
        void whenTokenIsMissingOrRepeatedThenInvalidRequest() {
            given().header("Authorization", owner.basic()).formParam("token_type_hint", "access_token")
                    .post("/revoke").then().statusCode(400).body("error", equalTo("invalid_request"));
            given().header("Authorization", owner.basic()).formParam("token", "a").formParam("token", "b")
                    .post("/revoke").then().statusCode(400).body("error", equalTo("invalid_request"));
        }
    }

    /** RFC 7009 §2.2: 200 whether or not there was anything to revoke. */
    @Nested
    class Rfc7009Section2_2RevocationResponse {

        @Test
        void whenTokenIsUnknownOrMalformedThen200() {
            for (String token : List.of("unknown-opaque", "family.secret", "a.b.c", "not a token!", "x".repeat(9000))) {
                revoke(owner, token, null).statusCode(200).header("Cache-Control", "no-store").body(emptyString());
            }
        }
    }

    /** RFC 7009 §2.2.1: unsupported_token_type. */
    @Nested
    class Rfc7009Section2_2_1ErrorResponse {

        @Test
        void whenHintIsNotSupportedThenUnsupportedTokenType() {
            String token = Tokens.clientCredentials(owner, "api");
            revoke(owner, token, "id_token")
                    .statusCode(400)
                    .header("Cache-Control", "no-store")
                    .body("error", equalTo("unsupported_token_type"));
            assertTrue(active(token));
        }
    }
}
