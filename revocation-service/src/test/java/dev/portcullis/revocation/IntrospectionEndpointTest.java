package dev.portcullis.revocation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.revocation.RegisteredClients.Registered;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** RFC 7662 over HTTP, against real client-registry-service and token-service. */
@QuarkusTest
@WithTestResource(PortcullisServices.class)
class IntrospectionEndpointTest {
    private static final String INACTIVE = "{\"active\":false}";

    @Inject
    RedisDataSource redis;

    Registered resourceServer;
    Registered machine;

    @BeforeEach
    void clients() {
        resourceServer = RegisteredClients.introspector();
        machine = RegisteredClients.machine();
    }

    ValidatableResponse introspect(String authorization, String token) {
        return given().header("Authorization", authorization).formParam("token", token)
                .post("/introspect").then();
    }

    /** RFC 7662 §2.1: the caller must authenticate; what it may see is §2.2's business. */
    @Nested
    class Rfc7662Section2_1IntrospectionRequest {

        @Test
        void whenNoClientAuthenticationThen401InvalidClient() {
            given().formParam("token", "whatever").post("/introspect").then()
                    .statusCode(401)
                    .header("Cache-Control", "no-store")
                    .body("error", equalTo("invalid_client"));
        }

        @Test
        void whenSecretIsWrongThen401InvalidClientWithBasicChallenge() {
            Registered wrong = new Registered(resourceServer.id(), "not-the-secret");
            introspect(wrong.basic(), "whatever")
                    .statusCode(401)
                    .header("WWW-Authenticate", notNullValue())
                    .body("error", equalTo("invalid_client"));
        }

        @Test
        void whenClientWithoutIntrospectionRightsAuthenticatesThenItIsAnswered() {
            assertEquals(INACTIVE, introspect(machine.basic(), "whatever").statusCode(200).extract().asString());
        }

        @Test
        void whenPublicClientThen401InvalidClient() {
            Registered spa = RegisteredClients.publicClient();
            given().formParam("client_id", spa.id()).formParam("token", "whatever").post("/introspect").then()
                    .statusCode(401)
                    .body("error", equalTo("invalid_client"));
        }

        @Test
        void whenBearerTokenOfAnIntrospectingClientThenAnswered() {
            String callerToken = Tokens.clientCredentials(resourceServer, "api");
            String token = Tokens.clientCredentials(machine, "read");
            introspect("Bearer " + callerToken, token)
                    .statusCode(200)
                    .body("active", equalTo(true))
                    .body("client_id", equalTo(machine.id()));
        }

        @Test
        void whenBearerTokenIsNotActiveThen401InvalidToken() {
            introspect("Bearer not.a.token", "whatever")
                    .statusCode(401)
                    .body("error", equalTo("invalid_token"));
        }

        @Test
        void whenBearerTokenOfAClientWithoutIntrospectionRightsThenItSeesItsOwnTokens() {
            String callerToken = Tokens.clientCredentials(machine, "api");
            introspect("Bearer " + callerToken, callerToken)
                    .statusCode(200)
                    .body("active", equalTo(true))
                    .body("client_id", equalTo(machine.id()));
        }

        @Test
        void whenBearerTokenOfAClientWithoutIntrospectionRightsThenAnotherClientsTokenIsInactive() {
            String callerToken = Tokens.clientCredentials(machine, "api");
            String other = Tokens.clientCredentials(RegisteredClients.machine(), "api");
            assertEquals(INACTIVE, introspect("Bearer " + callerToken, other).statusCode(200).extract().asString());
        }

        @Test
        void whenTokenIsMissingThenInvalidRequest() {
            given().header("Authorization", resourceServer.basic()).formParam("token_type_hint", "access_token")
                    .post("/introspect").then()
                    .statusCode(400)
                    .body("error", equalTo("invalid_request"));
        }

        @Test
        void whenTokenIsRepeatedThenInvalidRequest() {
            given().header("Authorization", resourceServer.basic())
                    .formParam("token", "a").formParam("token", "b")
                    .post("/introspect").then()
                    .statusCode(400)
                    .body("error", equalTo("invalid_request"));
        }
    }

    /** RFC 7662 §2.2: active tokens with their members, anything else exactly {"active":false}. */
    @Nested
    class Rfc7662Section2_2IntrospectionResponse {

        @Test
        void whenJwtAccessTokenIsActiveThenItsMembersAreReturned() {
            String token = Tokens.clientCredentials(machine, "api read");
            JsonNode claims = Tokens.claims(token);
            introspect(resourceServer.basic(), token)
                    .statusCode(200)
                    .header("Cache-Control", "no-store")
                    .body("active", equalTo(true))
                    .body("scope", equalTo(claims.get("scope").asText()))
                    .body("client_id", equalTo(machine.id()))
                    .body("token_type", equalTo("Bearer"))
                    .body("sub", equalTo(claims.get("sub").asText()))
                    .body("iss", equalTo("http://localhost:8080"))
                    .body("jti", equalTo(claims.get("jti").asText()))
                    .body("exp", equalTo(claims.get("exp").asInt()))
                    .body("iat", equalTo(claims.get("iat").asInt()));
        }

        @Test
        void whenHintIsWrongThenTheAnswerIsTheSame() {
            String token = Tokens.clientCredentials(machine, "api");
            given().header("Authorization", resourceServer.basic())
                    .formParam("token", token).formParam("token_type_hint", "refresh_token")
                    .post("/introspect").then()
                    .statusCode(200)
                    .body("active", equalTo(true));
        }

        @Test
        void whenTokenIsUnknownThenExactlyActiveFalse() {
            for (String token : List.of("unknown-opaque-token", "family.secret", "a.b.c", "not a token!")) {
                String body = introspect(resourceServer.basic(), token).statusCode(200).extract().asString();
                assertEquals(INACTIVE, body, token);
            }
        }

        @Test
        void whenJwtSignatureIsAlteredThenInactive() {
            String token = Tokens.clientCredentials(machine, "api");
            String[] parts = token.split("\\.");
            char last = parts[2].charAt(5);
            String tampered = parts[0] + "." + parts[1] + "."
                    + parts[2].substring(0, 5) + (last == 'A' ? 'B' : 'A') + parts[2].substring(6);
            assertEquals(INACTIVE, introspect(resourceServer.basic(), tampered).statusCode(200).extract().asString());
        }

        @Test
        void whenJwtIsSignedByAnUnknownKeyThenInactive() throws Exception {
            String forged = ForgedTokens.signedByOwnKey("forged-" + UUID.randomUUID(), machine.id());
            assertEquals(INACTIVE, introspect(resourceServer.basic(), forged).statusCode(200).extract().asString());
        }

        @Test
        void whenJwtNamesAPublishedKeyButIsSignedByAnotherThenInactive() throws Exception {
            String kid = Tokens.header(Tokens.clientCredentials(machine, "api")).get("kid").asText();
            String forged = ForgedTokens.signedByOwnKey(kid, machine.id());
            assertEquals(INACTIVE, introspect(resourceServer.basic(), forged).statusCode(200).extract().asString());
        }

        @Test
        void whenJwtHasExpiredThenInactiveEvenAfterBeingCached() throws Exception {
            Registered shortLived = RegisteredClients.shortLived(3); // exp is whole seconds: 1 s could lapse before the first call
            String token = Tokens.clientCredentials(shortLived, "api");
            long exp = Tokens.claims(token).get("exp").asLong();
            introspect(resourceServer.basic(), token).statusCode(200).body("active", equalTo(true));
            while (Instant.now().getEpochSecond() <= exp) {
                Thread.sleep(200); // waits for expiry; asserts nothing about time
            }
            assertEquals(INACTIVE, introspect(resourceServer.basic(), token).statusCode(200).extract().asString());
        }

        @Test
        void whenOpaqueAccessTokenIsStoredThenActiveWithUsername() {
            String token = Tokens.opaque(redis, machine.id(), null, 300);
            introspect(resourceServer.basic(), token)
                    .statusCode(200)
                    .body("active", equalTo(true))
                    .body("client_id", equalTo(machine.id()))
                    .body("username", equalTo("alice"))
                    .body("token_type", equalTo("Bearer"))
                    .body("aud", equalTo("https://api.example"))
                    .body("scope", equalTo("api read"));
        }

        @Test
        void whenOpaqueAccessTokenHasExpiredThenInactive() {
            String token = Tokens.opaque(redis, machine.id(), null, -5);
            assertEquals(INACTIVE, introspect(resourceServer.basic(), token).statusCode(200).extract().asString());
        }

        @Test
        void whenRefreshTokenIsLiveThenActiveWithoutTokenType() {
            Tokens.Family family = Tokens.refreshFamily(redis, machine.id(), List.of(), 0);
            introspect(resourceServer.basic(), family.refreshToken())
                    .statusCode(200)
                    .body("active", equalTo(true))
                    .body("client_id", equalTo(machine.id()))
                    .body("scope", equalTo("api offline_access"))
                    .body("$", not(hasKey("token_type")))
                    .body("$", not(hasKey("jti")));
        }

        @Test
        void whenRefreshTokenWasRotatedThenInactive() {
            Tokens.Family family = Tokens.refreshFamily(redis, machine.id(), List.of(), 0);
            Tokens.spend(redis, family.refreshToken());
            assertEquals(INACTIVE,
                    introspect(resourceServer.basic(), family.refreshToken()).statusCode(200).extract().asString());
        }
    }

    /**
     * RFC 7662 §2.2 and §4: an authenticated caller learns about the tokens it is allowed to know
     * about (its own, access tokens it is the audience of, any with {@code can_introspect}); any
     * other token is answered exactly {@code {"active":false}}, never 403.
     */
    @Nested
    class Rfc7662Section2_2TokensTheCallerMayKnowAbout {

        @Test
        void whenClientIntrospectsItsOwnAccessTokenThenActive() {
            String token = Tokens.clientCredentials(machine, "api");
            introspect(machine.basic(), token).statusCode(200)
                    .body("active", equalTo(true))
                    .body("client_id", equalTo(machine.id()));
        }

        @Test
        void whenClientIntrospectsItsOwnRefreshTokenThenActive() {
            Tokens.Family family = Tokens.refreshFamily(redis, machine.id(), List.of(), 0);
            introspect(machine.basic(), family.refreshToken()).statusCode(200)
                    .body("active", equalTo(true))
                    .body("client_id", equalTo(machine.id()));
        }

        @Test
        void whenClientIntrospectsAnotherClientsRefreshTokenThenExactlyActiveFalse() {
            Tokens.Family family = Tokens.refreshFamily(redis, RegisteredClients.machine().id(), List.of(), 0);
            assertEquals(INACTIVE,
                    introspect(machine.basic(), family.refreshToken()).statusCode(200).extract().asString());
        }

        @Test
        void whenClientIntrospectsAnotherClientsAccessTokenThenExactlyActiveFalseNot403() {
            String token = Tokens.clientCredentials(RegisteredClients.machine(), "api");
            assertEquals(INACTIVE, introspect(machine.basic(), token).statusCode(200).extract().asString());
        }

        @Test
        void whenResourceServerIsTheAudienceOfAJwtAccessTokenThenActive() {
            Registered api = RegisteredClients.machine();
            String token = Tokens.clientCredentials(RegisteredClients.machineFor(api.id()), "api");
            introspect(api.basic(), token).statusCode(200)
                    .body("active", equalTo(true))
                    .body("aud", equalTo(api.id()));
        }

        @Test
        void whenResourceServerIsTheAudienceOfAnOpaqueAccessTokenThenActive() {
            Registered api = RegisteredClients.machine();
            String token = Tokens.opaque(redis, RegisteredClients.machine().id(), null, 300, api.id());
            introspect(api.basic(), token).statusCode(200).body("active", equalTo(true));
        }

        @Test
        void whenResourceServerIsNotTheAudienceThenExactlyActiveFalse() {
            Registered api = RegisteredClients.machine();
            String token = Tokens.clientCredentials(RegisteredClients.machineFor("https://other.example"), "api");
            assertEquals(INACTIVE, introspect(api.basic(), token).statusCode(200).extract().asString());
        }

        @Test
        void whenClientHasIntrospectionRightsThenAnyTokenIsAnswered() {
            Tokens.Family family = Tokens.refreshFamily(redis, machine.id(), List.of(), 0);
            introspect(resourceServer.basic(), family.refreshToken()).statusCode(200).body("active", equalTo(true));
            introspect(resourceServer.basic(), Tokens.clientCredentials(machine, "api")).statusCode(200)
                    .body("active", equalTo(true));
        }
    }
}
