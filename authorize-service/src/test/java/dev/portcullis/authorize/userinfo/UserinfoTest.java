package dev.portcullis.authorize.userinfo;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.portcullis.authorize.testing.TestUsers;
import dev.portcullis.authorize.testing.WithClientRegistry;
import dev.portcullis.contract.RedisKeys;
import dev.portcullis.contract.TokenHash;
import dev.portcullis.contract.TokenShape;
import dev.portcullis.proto.records.v1.OpaqueAccessTokenRecord;
import dev.portcullis.proto.records.v1.RevokedTokenRecord;
import dev.portcullis.testing.ServiceTestResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * OIDC Core §5.3 UserInfo with RFC 6750 bearer tokens. Opaque access tokens are written to
 * Redis exactly as token-service writes them ({@code OpaqueAccessTokenRecord}); JWT access
 * tokens from the real token-service are covered in e2e-tests ({@code dev.portcullis.e2e.authorize}).
 */
@QuarkusTest
@WithTestResource(value = ServiceTestResource.class, initArgs = {
        @ResourceArg(name = "module", value = "client-registry-service"),
        @ResourceArg(name = "grpc-client", value = "client-registry"),
        @ResourceArg(name = "url-property", value = WithClientRegistry.URL_PROPERTY)})
class UserinfoTest {
    @Inject
    RedisDataSource redis;

    String opaqueToken(String subject, String scope, long expiresAt, String jti) {
        String token = TokenShape.newOpaqueToken();
        OpaqueAccessTokenRecord record = OpaqueAccessTokenRecord.newBuilder().setJti(jti).setClientId("c")
                .setSubject(subject).setScope(scope).setIssuedAt(Instant.now().getEpochSecond()).setExpiresAt(expiresAt).build();
        redis.value(byte[].class).setex(RedisKeys.opaqueAccessToken(TokenHash.of(token)), 120, record.toByteArray());
        return token;
    }

    long inOneMinute() {
        return Instant.now().getEpochSecond() + 60;
    }

    @Nested
    class Section5_3_2_SuccessfulResponse {
        @Test
        void whenTokenHasProfileAndEmailThenThoseClaimsAndSub() {
            TestUsers.TestUser u = TestUsers.create();
            String token = opaqueToken(u.subject(), "openid profile email", inOneMinute(), UUID.randomUUID().toString());

            given().auth().oauth2(token).get("/userinfo").then().statusCode(200)
                    .header("Cache-Control", equalTo("no-store"))
                    .body("sub", equalTo(u.subject()))
                    .body("name", equalTo("Ada Lovelace"))
                    .body("preferred_username", equalTo(u.username()))
                    .body("email", equalTo(u.username() + "@example.com"))
                    .body("email_verified", equalTo(true));
        }

        /** OIDC Core §5.1/§5.4: every standard claim stored for the user comes back for its scope. */
        @Test
        void whenTokenHasProfileEmailAndPhoneThenEveryStoredStandardClaim() {
            String username = "user-" + UUID.randomUUID();
            Map<String, Object> stored = new java.util.LinkedHashMap<>();
            stored.put("name", "Grace Brewster Hopper");
            stored.put("given_name", "Grace");
            stored.put("family_name", "Hopper");
            stored.put("middle_name", "Brewster");
            stored.put("nickname", "Amazing Grace");
            stored.put("preferred_username", "grace");
            stored.put("profile", "https://example.com/grace");
            stored.put("picture", "https://example.com/grace.png");
            stored.put("website", "https://grace.example.com");
            stored.put("gender", "female");
            stored.put("birthdate", "1906-12-09");
            stored.put("zoneinfo", "America/New_York");
            stored.put("locale", "en-US");
            stored.put("email", username + "@example.com");
            stored.put("email_verified", true);
            stored.put("phone_number", "+1 555 0100");
            stored.put("phone_number_verified", true);
            Map<String, Object> body = new java.util.LinkedHashMap<>(stored);
            body.put("username", username);
            body.put("password", TestUsers.PASSWORD);
            String sub = given().header("Authorization", "Bearer test-admin-token").contentType(io.restassured.http.ContentType.JSON)
                    .body(body).post("/admin/users").then().statusCode(201).extract().path("sub");
            String token = opaqueToken(sub, "openid profile email phone", inOneMinute(), UUID.randomUUID().toString());

            var response = given().auth().oauth2(token).get("/userinfo").then().statusCode(200).body("sub", equalTo(sub));
            stored.forEach((claim, value) -> response.body(claim, equalTo(value)));
            response.body("updated_at", org.hamcrest.Matchers.greaterThan(0));
        }

        @Test
        void whenTokenHasOnlyOpenidThenOnlySub() {
            TestUsers.TestUser u = TestUsers.create();
            String token = opaqueToken(u.subject(), "openid", inOneMinute(), UUID.randomUUID().toString());

            given().auth().oauth2(token).get("/userinfo").then().statusCode(200)
                    .body("sub", equalTo(u.subject())).body("$", not(hasKey("email"))).body("$", not(hasKey("name")));
        }

        @Test
        void whenTokenComesInPostBodyThenAccepted() {
            TestUsers.TestUser u = TestUsers.create();
            String token = opaqueToken(u.subject(), "openid email", inOneMinute(), UUID.randomUUID().toString());

            given().formParam("access_token", token).post("/userinfo").then().statusCode(200)
                    .body("sub", equalTo(u.subject())).body("email", equalTo(u.username() + "@example.com"));
        }
    }

    @Nested
    class Rfc6750_3_1_Errors {
        @Test
        void whenNoTokenThen401WithBareBearerChallenge() {
            given().get("/userinfo").then().statusCode(401).header("WWW-Authenticate", equalTo("Bearer"));
        }

        @Test
        void whenTokenIsUnknownThenInvalidToken() {
            given().auth().oauth2(TokenShape.newOpaqueToken()).get("/userinfo").then().statusCode(401)
                    .header("WWW-Authenticate", startsWith("Bearer error=\"invalid_token\""))
                    .body("error", equalTo("invalid_token"));
        }

        @Test
        void whenJwtIsForgedThenInvalidToken() {
            given().auth().oauth2("eyJhbGciOiJub25lIiwidHlwIjoiYXQrand0In0.eyJzdWIiOiJ4In0.").get("/userinfo")
                    .then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer error=\"invalid_token\""));
        }

        @Test
        void whenTokenExpiredThenInvalidToken() {
            TestUsers.TestUser u = TestUsers.create();
            String token = opaqueToken(u.subject(), "openid", Instant.now().getEpochSecond() - 1, UUID.randomUUID().toString());
            given().auth().oauth2(token).get("/userinfo").then().statusCode(401)
                    .header("WWW-Authenticate", startsWith("Bearer error=\"invalid_token\""));
        }

        @Test
        void whenTokenWasRevokedThenInvalidToken() {
            TestUsers.TestUser u = TestUsers.create();
            String jti = UUID.randomUUID().toString();
            String token = opaqueToken(u.subject(), "openid", inOneMinute(), jti);
            redis.value(byte[].class).setex(RedisKeys.revokedAccessToken(jti), 120,
                    RevokedTokenRecord.newBuilder().setJti(jti).setExpiresAt(inOneMinute()).build().toByteArray());

            given().auth().oauth2(token).get("/userinfo").then().statusCode(401)
                    .header("WWW-Authenticate", startsWith("Bearer error=\"invalid_token\""));
        }

        @Test
        void whenUserWasDisabledThenInvalidToken() {
            TestUsers.TestUser u = TestUsers.create();
            String token = opaqueToken(u.subject(), "openid", inOneMinute(), UUID.randomUUID().toString());
            given().header("Authorization", "Bearer test-admin-token").contentType("application/json")
                    .body("{\"enabled\":false}").patch("/admin/users/" + u.subject()).then().statusCode(200);

            given().auth().oauth2(token).get("/userinfo").then().statusCode(401).body("error", equalTo("invalid_token"));
        }

        @Test
        void whenTokenLacksOpenidScopeThenInsufficientScope() {
            TestUsers.TestUser u = TestUsers.create();
            String token = opaqueToken(u.subject(), "profile", inOneMinute(), UUID.randomUUID().toString());
            given().auth().oauth2(token).get("/userinfo").then().statusCode(403)
                    .header("WWW-Authenticate", startsWith("Bearer error=\"insufficient_scope\""));
        }

        @Test
        void whenTokenIsSentTwoWaysThenInvalidRequest() {
            given().auth().oauth2("a").formParam("access_token", "b").post("/userinfo").then().statusCode(400)
                    .body("error", equalTo("invalid_request"));
        }
    }
}
