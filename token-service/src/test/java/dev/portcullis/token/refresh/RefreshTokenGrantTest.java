package dev.portcullis.token.refresh;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.portcullis.contract.RedisKeys;
import dev.portcullis.contract.TokenShape;
import dev.portcullis.proto.records.v1.RefreshFamilyRecord;
import dev.portcullis.testing.ServiceTestResource;
import dev.portcullis.token.AuthorizationCodes;
import dev.portcullis.token.Jwts;
import dev.portcullis.token.RegisteredClients;
import dev.portcullis.token.RegisteredClients.Registered;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** RFC 6749 §6 (refreshing an access token) and RFC 9700 §4.14.2 (refresh token rotation and reuse). */
@QuarkusTest
@WithTestResource(value = ServiceTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, initArgs = {
        @ResourceArg(name = "module", value = "client-registry-service"),
        @ResourceArg(name = "grpc-client", value = "client-registry"),
        @ResourceArg(name = "url-property", value = "test.client-registry.url")})
class RefreshTokenGrantTest {
    static final String REDIRECT = "https://app.example.com/cb";

    @Inject
    RedisDataSource redis;

    static Registered client(boolean rotate) {
        return RegisteredClients.create("refresh", """
                "grant_types":["authorization_code","refresh_token"],"response_types":["code"],
                "redirect_uris":["%s"],"token_endpoint_auth_method":"client_secret_basic","scope":"api read",
                "rotate_refresh_tokens":%s""".formatted(REDIRECT, rotate));
    }

    /** Redeems a fresh code for "api read" and answers the refresh token. */
    String refreshTokenFor(Registered client) {
        String code = AuthorizationCodes.store(redis, AuthorizationCodes.record(client.id(), REDIRECT, "api read").build());
        return given().auth().preemptive().basic(client.id(), client.secret())
                .formParam("grant_type", "authorization_code").formParam("code", code)
                .formParam("redirect_uri", REDIRECT).formParam("code_verifier", AuthorizationCodes.VERIFIER)
                .post("/token").then().statusCode(200).extract().path("refresh_token");
    }

    static ValidatableResponse refresh(Registered client, String token, String... params) {
        var req = given().auth().preemptive().basic(client.id(), client.secret())
                .formParam("grant_type", "refresh_token").formParam("refresh_token", token);
        for (int i = 0; i < params.length; i += 2) {
            req = req.formParam(params[i], params[i + 1]);
        }
        return req.post("/token").then();
    }

    RefreshFamilyRecord family(String refreshToken) throws Exception {
        return RefreshFamilyRecord.parseFrom(redis.value(byte[].class)
                .get(RedisKeys.refreshFamily(TokenShape.familyOf(refreshToken).orElseThrow())));
    }

    @Nested
    class Rfc6749Section6RefreshingAnAccessToken {
        @Test
        void whenRefreshedWithoutScopeThenTheOriginalScopeIsGranted() throws Exception {
            Registered client = client(true);
            String access = refresh(client, refreshTokenFor(client)).statusCode(200)
                    .header("Cache-Control", "no-store")
                    .body("scope", equalTo("api read")).extract().path("access_token");
            assertThat(Jwts.verify(access).getClaimValue("scope"), is("api read"));
        }

        @Test
        void whenNarrowerScopeRequestedThenItIsGranted() {
            Registered client = client(true);
            refresh(client, refreshTokenFor(client), "scope", "read").statusCode(200).body("scope", equalTo("read"));
        }

        @Test
        void whenWiderScopeRequestedThenInvalidScope() {
            Registered client = client(true);
            refresh(client, refreshTokenFor(client), "scope", "api read admin").statusCode(400)
                    .body("error", equalTo("invalid_scope"));
        }

        @Test
        void whenTokenBelongsToAnotherClientThenInvalidGrant() {
            Registered owner = client(true);
            Registered other = client(true);
            refresh(other, refreshTokenFor(owner)).statusCode(400).body("error", equalTo("invalid_grant"));
        }

        @Test
        void whenTokenIsUnknownOrMalformedThenInvalidGrant() {
            Registered client = client(true);
            refresh(client, TokenShape.newRefreshToken(TokenShape.newFamilyId())).statusCode(400).body("error", equalTo("invalid_grant"));
            refresh(client, "not-a-refresh-token").statusCode(400).body("error", equalTo("invalid_grant"));
        }

        @Test
        void whenTheFamilyWasRevokedThenInvalidGrant() throws Exception {
            Registered client = client(true);
            String token = refreshTokenFor(client);
            String key = RedisKeys.refreshFamily(TokenShape.familyOf(token).orElseThrow());
            redis.value(byte[].class).setGet(key, family(token).toBuilder().setRevoked(true).build().toByteArray(),
                    new io.quarkus.redis.datasource.value.SetArgs().keepttl());
            refresh(client, token).statusCode(400).body("error", equalTo("invalid_grant"));
        }

        @Test
        void whenClientDoesNotRotateThenTheSameTokenKeepsWorking() {
            Registered client = client(false);
            String token = refreshTokenFor(client);
            refresh(client, token).statusCode(200).body("refresh_token", nullValue());
            refresh(client, token).statusCode(200);
        }
    }

    @Nested
    class Rfc9700Section4_14_2RefreshTokenRotation {
        @Test
        void whenRotatingThenANewTokenIsIssuedAndTheOldOneIsSpent() {
            Registered client = client(true);
            String first = refreshTokenFor(client);
            String second = refresh(client, first).statusCode(200).extract().path("refresh_token");
            assertThat(second, notNullValue());
            assertThat(second, not(first));
            assertThat(TokenShape.familyOf(second), is(TokenShape.familyOf(first)));
            refresh(client, second).statusCode(200);
        }

        @Test
        void whenASpentTokenIsReusedThenTheWholeFamilyIsRevoked() throws Exception {
            Registered client = client(true);
            String first = refreshTokenFor(client);
            ValidatableResponse rotated = refresh(client, first).statusCode(200);
            String second = rotated.extract().path("refresh_token");
            String jti = Jwts.verify(rotated.extract().path("access_token")).getJwtId();

            refresh(client, first).statusCode(400).body("error", equalTo("invalid_grant"));

            assertThat(family(first).getRevoked(), is(true));
            refresh(client, second).statusCode(400).body("error", equalTo("invalid_grant"));
            assertThat(redis.value(byte[].class).get(RedisKeys.revokedAccessToken(jti)), notNullValue());
        }

        @Test
        void whenRequestsRaceWithOneTokenThenExactlyOneSucceedsAndTheFamilyIsRevoked() throws Exception {
            Registered client = client(true);
            String token = refreshTokenFor(client);
            int attempts = 8;
            ExecutorService pool = Executors.newFixedThreadPool(attempts);
            List<ExtractableResponse<Response>> answers = new ArrayList<>();
            try {
                List<Callable<ExtractableResponse<Response>>> calls = new ArrayList<>();
                for (int i = 0; i < attempts; i++) {
                    calls.add(() -> refresh(client, token).extract());
                }
                for (Future<ExtractableResponse<Response>> f : pool.invokeAll(calls)) {
                    answers.add(f.get());
                }
            } finally {
                pool.shutdownNow();
            }
            List<ExtractableResponse<Response>> won = answers.stream().filter(a -> a.statusCode() == 200).toList();
            assertThat(won.size(), is(1));
            assertThat(answers.stream().filter(a -> a.statusCode() == 400).count(), is((long) attempts - 1));
            assertThat(family(token).getRevoked(), is(true));
            refresh(client, won.get(0).path("refresh_token")).statusCode(400).body("error", equalTo("invalid_grant"));
        }

        @Test
        void whenNotRotatingThenTheStoredTokenIsLeftAsItWasAndTheFamilyTracksEachAccessToken() throws Exception {
            Registered client = client(false);
            String token = refreshTokenFor(client);
            String key = RedisKeys.refreshToken(TokenShape.familyOf(token).orElseThrow(), dev.portcullis.contract.TokenHash.of(token));
            byte[] before = redis.value(byte[].class).get(key);
            refresh(client, token).statusCode(200);
            refresh(client, token).statusCode(200);
            assertThat(java.util.Arrays.equals(redis.value(byte[].class).get(key), before), is(true));
            assertThat(family(token).getAccessTokenJtiCount(), is(3));
        }

        @Test
        void whenStoredThenOnlyTheHashOfTheTokenIsAKey() {
            Registered client = client(true);
            String token = refreshTokenFor(client);
            String secret = token.substring(token.indexOf('.') + 1);
            assertThat(redis.key().keys("*" + secret + "*").isEmpty(), is(true));
        }
    }
}
