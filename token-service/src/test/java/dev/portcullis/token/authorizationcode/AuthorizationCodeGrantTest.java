package dev.portcullis.token.authorizationcode;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.portcullis.contract.RedisKeys;
import dev.portcullis.contract.TokenHash;
import dev.portcullis.contract.TokenShape;
import dev.portcullis.proto.records.v1.AuthorizationCodeRecord;
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
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * RFC 6749 §4.1.3 (access token request), §4.1.2 (single use), RFC 7636 §4.6 (PKCE), against a
 * real client-registry-service; the code record is written as authorize-service writes it.
 */
@QuarkusTest
@WithTestResource(value = ServiceTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, initArgs = {
        @ResourceArg(name = "module", value = "client-registry-service"),
        @ResourceArg(name = "grpc-client", value = "client-registry"),
        @ResourceArg(name = "url-property", value = "test.client-registry.url")})
class AuthorizationCodeGrantTest {
    static final String REDIRECT = "https://app.example.com/cb";

    @Inject
    RedisDataSource redis;

    static Registered webApp() {
        return RegisteredClients.create("webapp", """
                "grant_types":["authorization_code","refresh_token"],"response_types":["code"],
                "redirect_uris":["%s"],"token_endpoint_auth_method":"client_secret_basic","scope":"api read",
                "allowed_resources":["https://api.example.com","https://reports.example.com"]""".formatted(REDIRECT));
    }

    static ValidatableResponse exchange(Registered client, String code, String... params) {
        var req = given().auth().preemptive().basic(client.id(), client.secret())
                .formParam("grant_type", "authorization_code").formParam("code", code);
        for (int i = 0; i < params.length; i += 2) {
            req = req.formParam(params[i], params[i + 1]);
        }
        return req.post("/token").then();
    }

    String code(Registered client) {
        return AuthorizationCodes.store(redis, AuthorizationCodes.record(client.id(), REDIRECT, "api read").build());
    }

    @Nested
    class Rfc6749Section4_1_3AccessTokenRequest {
        @Test
        void whenCodeRedirectUriAndVerifierMatchThenAccessAndRefreshTokensAreIssued() throws Exception {
            Registered client = webApp();
            AuthorizationCodeRecord record = AuthorizationCodes.record(client.id(), REDIRECT, "api read").build();
            String code = AuthorizationCodes.store(redis, record);
            ValidatableResponse r = exchange(client, code, "redirect_uri", REDIRECT, "code_verifier", AuthorizationCodes.VERIFIER)
                    .statusCode(200)
                    .header("Cache-Control", "no-store").header("Pragma", "no-cache")
                    .body("token_type", equalTo("Bearer"))
                    .body("scope", equalTo("api read"))
                    .body("id_token", nullValue());
            JwtClaims claims = Jwts.verify(r.extract().path("access_token"));
            assertThat(claims.getSubject(), is(record.getSubject()));
            assertThat(claims.getClaimValue("client_id"), is(client.id()));
            assertThat(((Number) claims.getClaimValue("auth_time")).longValue(), is(record.getAuthTime()));
            String refresh = r.extract().path("refresh_token");
            assertThat(TokenShape.of(refresh), is(TokenShape.REFRESH));
        }

        @Test
        void whenRedirectUriDiffersThenInvalidGrant() {
            Registered client = webApp();
            exchange(client, code(client), "redirect_uri", REDIRECT + "/other", "code_verifier", AuthorizationCodes.VERIFIER)
                    .statusCode(400).body("error", equalTo("invalid_grant"));
        }

        @Test
        void whenRedirectUriIsOmittedButWasInTheAuthorizationRequestThenInvalidGrant() {
            Registered client = webApp();
            exchange(client, code(client), "code_verifier", AuthorizationCodes.VERIFIER)
                    .statusCode(400).body("error", equalTo("invalid_grant"));
        }

        @Test
        void whenCodeBelongsToAnotherClientThenInvalidGrant() {
            Registered owner = webApp();
            Registered other = webApp();
            exchange(other, code(owner), "redirect_uri", REDIRECT, "code_verifier", AuthorizationCodes.VERIFIER)
                    .statusCode(400).body("error", equalTo("invalid_grant"));
        }

        @Test
        void whenCodeIsUnknownThenInvalidGrant() {
            exchange(webApp(), TokenHash.newSecret(32), "redirect_uri", REDIRECT, "code_verifier", AuthorizationCodes.VERIFIER)
                    .statusCode(400).body("error", equalTo("invalid_grant"));
        }

        @Test
        void whenCodeIsMissingThenInvalidRequest() {
            Registered client = webApp();
            given().auth().preemptive().basic(client.id(), client.secret()).formParam("grant_type", "authorization_code")
                    .post("/token").then().statusCode(400).body("error", equalTo("invalid_request"));
        }

        @Test
        void whenCodeHasExpiredThenInvalidGrant() {
            Registered client = webApp();
            long now = System.currentTimeMillis() / 1000;
            String code = AuthorizationCodes.store(redis, AuthorizationCodes.record(client.id(), REDIRECT, "api")
                    .setIssuedAt(now - 120).setExpiresAt(now - 60).build());
            exchange(client, code, "redirect_uri", REDIRECT, "code_verifier", AuthorizationCodes.VERIFIER)
                    .statusCode(400).body("error", equalTo("invalid_grant"));
        }
    }

    @Nested
    class Rfc7636Section4_6ServerVerifiesCodeVerifier {
        @Test
        void whenVerifierDoesNotMatchThenInvalidGrant() {
            Registered client = webApp();
            exchange(client, code(client), "redirect_uri", REDIRECT, "code_verifier", "x".repeat(43))
                    .statusCode(400).body("error", equalTo("invalid_grant"));
        }

        @Test
        void whenVerifierIsMissingThenInvalidGrant() {
            Registered client = webApp();
            exchange(client, code(client), "redirect_uri", REDIRECT).statusCode(400).body("error", equalTo("invalid_grant"));
        }

        @Test
        void whenPlainChallengeAndPlainIsNotAllowedThenInvalidGrant() {
            Registered client = webApp();
            String verifier = "p".repeat(50);
            String code = AuthorizationCodes.store(redis, AuthorizationCodes.record(client.id(), REDIRECT, "api")
                    .setCodeChallenge(verifier).setCodeChallengeMethod("plain").build());
            exchange(client, code, "redirect_uri", REDIRECT, "code_verifier", verifier)
                    .statusCode(400).body("error", equalTo("invalid_grant"));
        }

        @Test
        void whenTheClientIsRegisteredWithAllowPlainPkceThenItsPlainCodeIsRedeemed() {
            Registered client = RegisteredClients.create("legacy", """
                    "grant_types":["authorization_code"],"response_types":["code"],"allow_plain_pkce":true,
                    "redirect_uris":["%s"],"token_endpoint_auth_method":"client_secret_basic","scope":"api\"""".formatted(REDIRECT));
            String verifier = "p".repeat(50);
            String code = AuthorizationCodes.store(redis, AuthorizationCodes.record(client.id(), REDIRECT, "api")
                    .setCodeChallenge(verifier).setCodeChallengeMethod("plain").build());
            exchange(client, code, "redirect_uri", REDIRECT, "code_verifier", verifier)
                    .statusCode(200).body("access_token", notNullValue());
        }

        @Test
        void whenPublicClientRedeemsWithTheRightVerifierThenTokensAreIssued() {
            Registered client = RegisteredClients.create("spa", """
                    "grant_types":["authorization_code"],"response_types":["code"],
                    "redirect_uris":["%s"],"token_endpoint_auth_method":"none","scope":"api\"""".formatted(REDIRECT));
            String code = AuthorizationCodes.store(redis, AuthorizationCodes.record(client.id(), REDIRECT, "api").build());
            given().formParam("grant_type", "authorization_code").formParam("client_id", client.id())
                    .formParam("code", code).formParam("redirect_uri", REDIRECT)
                    .formParam("code_verifier", AuthorizationCodes.VERIFIER)
                    .post("/token").then().statusCode(200).body("refresh_token", nullValue());
        }

        @Test
        void whenPublicClientCodeHasNoChallengeThenInvalidGrant() {
            Registered client = RegisteredClients.create("spa", """
                    "grant_types":["authorization_code"],"response_types":["code"],
                    "redirect_uris":["%s"],"token_endpoint_auth_method":"none","scope":"api\"""".formatted(REDIRECT));
            String code = AuthorizationCodes.store(redis, AuthorizationCodes.record(client.id(), REDIRECT, "api")
                    .clearCodeChallenge().clearCodeChallengeMethod().build());
            given().formParam("grant_type", "authorization_code").formParam("client_id", client.id())
                    .formParam("code", code).formParam("redirect_uri", REDIRECT)
                    .post("/token").then().statusCode(400).body("error", equalTo("invalid_grant"));
        }
    }

    @Nested
    class Rfc6749Section4_1_2CodeIsSingleUse {
        @Test
        void whenCodeIsReplayedThenInvalidGrantAndTheFirstRedemptionsTokensAreRevoked() throws Exception {
            Registered client = webApp();
            String code = code(client);
            ValidatableResponse first = exchange(client, code, "redirect_uri", REDIRECT, "code_verifier", AuthorizationCodes.VERIFIER)
                    .statusCode(200);
            String jti = Jwts.verify(first.extract().path("access_token")).getJwtId();
            String refresh = first.extract().path("refresh_token");

            exchange(client, code, "redirect_uri", REDIRECT, "code_verifier", AuthorizationCodes.VERIFIER)
                    .statusCode(400).body("error", equalTo("invalid_grant"));

            assertThat(redis.value(byte[].class).get(RedisKeys.revokedAccessToken(jti)), notNullValue());
            String family = TokenShape.familyOf(refresh).orElseThrow();
            assertThat(RefreshFamilyRecord.parseFrom(redis.value(byte[].class).get(RedisKeys.refreshFamily(family))).getRevoked(), is(true));
            given().auth().preemptive().basic(client.id(), client.secret()).formParam("grant_type", "refresh_token")
                    .formParam("refresh_token", refresh).post("/token").then()
                    .statusCode(400).body("error", equalTo("invalid_grant"));
        }

        @Test
        void whenManyRedeemOneCodeConcurrentlyThenExactlyOneSucceeds() throws Exception {
            Registered client = webApp();
            String code = code(client);
            int attempts = 12;
            List<Integer> statuses = redeemAtOnce(client, Collections.nCopies(attempts, code));
            assertThat(statuses.stream().filter(s -> s == 200).count(), is(1L));
            assertThat(statuses.stream().filter(s -> s == 400).count(), is((long) attempts - 1));
        }
    }

    /**
     * A login wave (many people finishing sign-in at once, the benchmark's code flow at 16
     * users) redeems many codes at the same moment: every exchange must succeed, none may fail
     * because the service ran out of Redis connections (the client's default pool turned such
     * bursts into 500s).
     */
    @Nested
    class ManyUsersAtOnce {
        @Test
        void whenSixtyFourCodesAreRedeemedAtOnceThenEveryExchangeIssuesTokens() throws Exception {
            Registered client = webApp();
            int users = 64;
            List<String> codes = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                codes.add(code(client));
            }
            List<Integer> statuses = redeemAtOnce(client, codes);
            assertThat("every status: " + statuses, statuses.stream().filter(st -> st == 200).count(), is((long) users));
        }
    }

    /** Sends one exchange per code, all released at the same moment; their statuses in order. */
    static List<Integer> redeemAtOnce(Registered client, List<String> codes) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(codes.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> futures = new ArrayList<>();
            for (String code : codes) {
                Callable<Integer> call = () -> {
                    start.await();
                    return exchange(client, code, "redirect_uri", REDIRECT, "code_verifier", AuthorizationCodes.VERIFIER)
                            .extract().statusCode();
                };
                futures.add(pool.submit(call));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : futures) {
                statuses.add(f.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * OIDC Core §3.1.3.3 / §3.1.3.6: the ID token's user claims travel in the code record, which
     * authorize-service wrote with the claims /userinfo releases for the granted scopes. This test
     * runs without authorize-service, so any UserDirectory call would fail the exchange.
     */
    @Nested
    class OidcCore3_1_3_3IdTokenClaimsFromTheCodeRecord {
        static Registered relyingParty() {
            return RegisteredClients.create("rp", """
                    "grant_types":["authorization_code","refresh_token"],"response_types":["code"],
                    "redirect_uris":["%s"],"token_endpoint_auth_method":"client_secret_basic",
                    "scope":"openid profile email api\"""".formatted(REDIRECT));
        }

        @Test
        void whenTheRecordCarriesClaimsThenTheIdTokenHasThemWithoutAskingUserDirectory() throws Exception {
            Registered client = relyingParty();
            AuthorizationCodeRecord.Builder record = AuthorizationCodes.record(client.id(), REDIRECT, "openid profile email")
                    .setNonce("n-0S6_WzA2Mj");
            record.setClaimsJson("""
                    {"sub":"%s","name":"Ada Lovelace","preferred_username":"ada","email":"ada@example.com",
                     "email_verified":true}""".formatted(record.getSubject()));
            ValidatableResponse r = exchange(client, AuthorizationCodes.store(redis, record.build()),
                    "redirect_uri", REDIRECT, "code_verifier", AuthorizationCodes.VERIFIER).statusCode(200);
            JwtClaims id = Jwts.verify(r.extract().path("id_token"));
            assertThat(id.getSubject(), is(record.getSubject()));
            assertThat(id.getClaimValue("name"), is("Ada Lovelace"));
            assertThat(id.getClaimValue("preferred_username"), is("ada"));
            assertThat(id.getClaimValue("email"), is("ada@example.com"));
            assertThat(id.getClaimValue("email_verified"), is(true));
            assertThat(id.getClaimValue("nonce"), is("n-0S6_WzA2Mj"));
            assertThat(Jwts.verify(r.extract().path("access_token")).getSubject(), is(record.getSubject()));
            assertThat(r.extract().path("refresh_token"), notNullValue());
        }

        @Test
        void whenCarriedClaimsNameProtocolClaimsThenTheServiceOwnValuesWin() throws Exception {
            Registered client = relyingParty();
            AuthorizationCodeRecord.Builder record = AuthorizationCodes.record(client.id(), REDIRECT, "openid profile")
                    .setNonce("real-nonce");
            record.setClaimsJson("""
                    {"sub":"someone-else","iss":"https://evil.example","aud":"other","nonce":"forged",
                     "exp":1,"at_hash":"x","name":"Grace"}""");
            ValidatableResponse r = exchange(client, AuthorizationCodes.store(redis, record.build()),
                    "redirect_uri", REDIRECT, "code_verifier", AuthorizationCodes.VERIFIER).statusCode(200);
            JwtClaims id = Jwts.verify(r.extract().path("id_token"));
            assertThat(id.getSubject(), is(record.getSubject()));
            assertThat(id.getIssuer(), is("http://localhost:8080"));
            assertThat(id.getAudience(), contains(client.id()));
            assertThat(id.getClaimValue("nonce"), is("real-nonce"));
            assertThat(id.getExpirationTime().getValue() > record.getIssuedAt(), is(true));
            assertThat(id.getClaimValue("name"), is("Grace"));
        }

        @Test
        void whenTheCodeCarryingClaimsIsReplayedThenTheFirstRedemptionsTokensAreStillRevoked() throws Exception {
            Registered client = relyingParty();
            AuthorizationCodeRecord.Builder record = AuthorizationCodes.record(client.id(), REDIRECT, "openid api");
            record.setClaimsJson("{\"sub\":\"" + record.getSubject() + "\"}");
            String code = AuthorizationCodes.store(redis, record.build());
            ValidatableResponse first = exchange(client, code, "redirect_uri", REDIRECT,
                    "code_verifier", AuthorizationCodes.VERIFIER).statusCode(200);
            String jti = Jwts.verify(first.extract().path("access_token")).getJwtId();
            String family = TokenShape.familyOf(first.extract().<String>path("refresh_token")).orElseThrow();

            exchange(client, code, "redirect_uri", REDIRECT, "code_verifier", AuthorizationCodes.VERIFIER)
                    .statusCode(400).body("error", equalTo("invalid_grant"));

            assertThat(redis.value(byte[].class).get(RedisKeys.revokedAccessToken(jti)), notNullValue());
            assertThat(RefreshFamilyRecord.parseFrom(redis.value(byte[].class).get(RedisKeys.refreshFamily(family)))
                    .getRevoked(), is(true));
        }
    }

    @Nested
    class Rfc8707ResourceIndicators {
        @Test
        void whenCodeWasGrantedForResourcesThenTheyAreTheAudience() throws Exception {
            Registered client = webApp();
            String code = AuthorizationCodes.store(redis, AuthorizationCodes.record(client.id(), REDIRECT, "api")
                    .addResource("https://api.example.com").build());
            String jwt = exchange(client, code, "redirect_uri", REDIRECT, "code_verifier", AuthorizationCodes.VERIFIER)
                    .statusCode(200).extract().path("access_token");
            assertThat(Jwts.verify(jwt).getAudience(), contains("https://api.example.com"));
        }

        @Test
        void whenTokenRequestNarrowsTheGrantedResourcesThenTheAudienceIsTheNarrowedOne() throws Exception {
            Registered client = webApp();
            String code = AuthorizationCodes.store(redis, AuthorizationCodes.record(client.id(), REDIRECT, "api")
                    .addResource("https://api.example.com").addResource("https://reports.example.com").build());
            String jwt = exchange(client, code, "redirect_uri", REDIRECT, "code_verifier", AuthorizationCodes.VERIFIER,
                    "resource", "https://reports.example.com").statusCode(200).extract().path("access_token");
            assertThat(Jwts.verify(jwt).getAudience(), contains("https://reports.example.com"));
        }

        @Test
        void whenTheCodeCarriesAResourceTheClientMayNoLongerUseThenInvalidTarget() {
            Registered client = webApp();
            String code = AuthorizationCodes.store(redis, AuthorizationCodes.record(client.id(), REDIRECT, "api")
                    .addResource("https://payments.example.com").build());
            exchange(client, code, "redirect_uri", REDIRECT, "code_verifier", AuthorizationCodes.VERIFIER)
                    .statusCode(400).body("error", equalTo("invalid_target"));
        }

        @Test
        void whenTokenRequestAddsAResourceThenInvalidTarget() {
            Registered client = webApp();
            String code = AuthorizationCodes.store(redis, AuthorizationCodes.record(client.id(), REDIRECT, "api")
                    .addResource("https://api.example.com").build());
            exchange(client, code, "redirect_uri", REDIRECT, "code_verifier", AuthorizationCodes.VERIFIER,
                    "resource", "https://other.example.com").statusCode(400).body("error", equalTo("invalid_target"));
        }
    }
}
