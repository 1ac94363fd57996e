package dev.portcullis.token.oidc;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.contract.oauth.GrpcOAuthStatus;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.proto.records.v1.AuthorizationCodeRecord;
import dev.portcullis.proto.token.v1.IssueTokensRequest;
import dev.portcullis.proto.token.v1.IssueTokensResponse;
import dev.portcullis.testing.ServiceTestResource;
import dev.portcullis.token.AuthorizationCodes;
import dev.portcullis.token.Jwts;
import dev.portcullis.token.RegisteredClients;
import dev.portcullis.token.RegisteredClients.Registered;
import dev.portcullis.proto.token.v1.TokenIssuerGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URL;
import java.util.concurrent.TimeUnit;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The grants that need users, against real client-registry-service and authorize-service
 * (UserDirectory over gRPC): ID tokens (OIDC Core §3.1.3.3, §3.1.3.6), the password grant
 * (RFC 6749 §4.3) and gRPC TokenIssuer (OIDC Core §3.2.2.5).
 */
@QuarkusTest
@WithTestResource(value = ServiceTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, initArgs = {
        @ResourceArg(name = "module", value = "client-registry-service"),
        @ResourceArg(name = "grpc-client", value = "client-registry"),
        @ResourceArg(name = "url-property", value = "test.client-registry.url")})
@WithTestResource(value = ServiceTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, initArgs = {
        @ResourceArg(name = "module", value = "authorize-service"),
        @ResourceArg(name = "grpc-client", value = "user-directory"),
        // Every test run signs in from 127.0.0.1 against one shared Redis: no per-address ceiling.
        @ResourceArg(name = "-Doauth.authorize.login-throttle.address.free-failures", value = "100000"),
        @ResourceArg(name = "-Doauth.authorize.login-throttle.account-and-address.base-delay", value = "PT10M"),
        @ResourceArg(name = "url-property", value = "test.authorize.url")})
class UserDirectoryGrantsTest {
    static final String REDIRECT = "https://app.example.com/cb";
    static final String PASSWORD = "correct horse battery staple";

    @Inject
    RedisDataSource redis;

    @TestHTTPResource("/")
    URL self;

    /** A plain gRPC channel to this service (gRPC shares the HTTP port). */
    <T> T withIssuer(java.util.function.Function<TokenIssuerGrpc.TokenIssuerBlockingStub, T> call) {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", self.getPort()).usePlaintext().build();
        try {
            return call.apply(TokenIssuerGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS));
        } finally {
            channel.shutdownNow();
        }
    }

    /** Creates a user through authorize-service's admin API; answers its subject. */
    static String user(String username) {
        return given().baseUri(ConfigProvider.getConfig().getValue("test.authorize.url", String.class))
                .header("Authorization", "Bearer test-admin-token").contentType(ContentType.JSON)
                .body("""
                        {"username":"%s","password":"%s","email":"%s@example.com","name":"Test User",
                         "given_name":"Test","family_name":"User","email_verified":true}""".formatted(username, PASSWORD, username))
                .post("/admin/users").then().statusCode(201).extract().path("sub");
    }

    static String atHash(String accessToken) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(d, 16));
    }

    @Nested
    class OidcCore3_1_3_3TokenResponseWithIdToken {
        @Test
        void whenCodeWasIssuedForOpenidThenAnIdTokenWithNonceAtHashAuthTimeAndAzpIsIssued() throws Exception {
            Registered client = RegisteredClients.create("rp", """
                    "grant_types":["authorization_code"],"response_types":["code"],"redirect_uris":["%s"],
                    "token_endpoint_auth_method":"client_secret_basic","scope":"openid profile email\"""".formatted(REDIRECT));
            String sub = user(RegisteredClients.uniqueId("alice"));
            AuthorizationCodeRecord record = AuthorizationCodes.record(client.id(), REDIRECT, "openid profile email")
                    .setSubject(sub).setNonce("n-0S6_WzA2Mj").setAcr("urn:portcullis:pwd").build();
            String code = AuthorizationCodes.store(redis, record);
            ValidatableResponse r = given().auth().preemptive().basic(client.id(), client.secret())
                    .formParam("grant_type", "authorization_code").formParam("code", code)
                    .formParam("redirect_uri", REDIRECT).formParam("code_verifier", AuthorizationCodes.VERIFIER)
                    .post("/token").then().statusCode(200);
            String access = r.extract().path("access_token");
            JwtClaims id = Jwts.verify(r.extract().path("id_token"));
            assertThat(Jwts.header(r.extract().path("id_token")).getAlgorithmHeaderValue(), is("RS256"));
            assertThat(id.getIssuer(), is("http://localhost:8080"));
            assertThat(id.getSubject(), is(sub));
            assertThat(id.getAudience(), org.hamcrest.Matchers.contains(client.id()));
            assertThat(id.getClaimValue("azp"), is(client.id()));
            assertThat(id.getClaimValue("nonce"), is("n-0S6_WzA2Mj"));
            assertThat(((Number) id.getClaimValue("auth_time")).longValue(), is(record.getAuthTime()));
            assertThat(id.getClaimValue("acr"), is("urn:portcullis:pwd"));
            assertThat(id.getClaimValue("at_hash"), is(atHash(access)));
            assertThat(id.getClaimValue("email"), notNullValue());
        }
    }

    /**
     * A code record written by an authorize-service older than {@code claims_json} (rolling
     * upgrade): the ID token's claims come from UserDirectory.GetClaims, the same release as
     * /userinfo, and a user disabled meanwhile gets no ID token (OIDC Core §3.1.3.3).
     */
    @Nested
    class OidcCore3_1_3_3RecordWithoutClaimsFallsBackToUserDirectory {
        static final Set<String> PROTOCOL = Set.of("iss", "aud", "exp", "iat", "auth_time", "nonce", "acr", "amr", "azp",
                "at_hash", "sid");

        Registered opaqueRelyingParty() {
            return RegisteredClients.create("rp-opaque", """
                    "grant_types":["authorization_code"],"response_types":["code"],"redirect_uris":["%s"],
                    "token_endpoint_auth_method":"client_secret_basic","scope":"openid profile email",
                    "access_token_format":"opaque\"""".formatted(REDIRECT));
        }

        ValidatableResponse exchange(Registered client, AuthorizationCodeRecord record) {
            return given().auth().preemptive().basic(client.id(), client.secret())
                    .formParam("grant_type", "authorization_code").formParam("code", AuthorizationCodes.store(redis, record))
                    .formParam("redirect_uri", REDIRECT).formParam("code_verifier", AuthorizationCodes.VERIFIER)
                    .post("/token").then();
        }

        @Test
        void whenTheRecordCarriesNoClaimsThenTheIdTokenHasWhatUserinfoReleasesForTheSameScopes() throws Exception {
            Registered client = opaqueRelyingParty();
            String sub = user(RegisteredClients.uniqueId("erin"));
            AuthorizationCodeRecord record = AuthorizationCodes.record(client.id(), REDIRECT, "openid profile email")
                    .setSubject(sub).build();
            ValidatableResponse r = exchange(client, record).statusCode(200);

            ObjectMapper json = new ObjectMapper();
            Map<String, Object> idClaims = json.readValue(Jwts.verify(r.extract().path("id_token")).toJson(),
                    new TypeReference<HashMap<String, Object>>() { });
            idClaims.keySet().removeAll(PROTOCOL);
            Map<String, Object> userinfo = json.readValue(given()
                    .baseUri(ConfigProvider.getConfig().getValue("test.authorize.url", String.class))
                    .auth().oauth2(r.extract().<String>path("access_token")).get("/userinfo").then().statusCode(200)
                    .extract().asString(), new TypeReference<HashMap<String, Object>>() { });
            assertThat(idClaims, equalTo(userinfo));
            assertThat(idClaims.get("name"), is("Test User"));
        }

        @Test
        void whenTheRecordCarriesNoClaimsAndTheUserWasDisabledThenInvalidGrant() {
            Registered client = opaqueRelyingParty();
            String sub = user(RegisteredClients.uniqueId("frank"));
            given().baseUri(ConfigProvider.getConfig().getValue("test.authorize.url", String.class))
                    .header("Authorization", "Bearer test-admin-token").contentType(ContentType.JSON)
                    .body("{\"enabled\":false}").patch("/admin/users/" + sub).then().statusCode(200);

            exchange(client, AuthorizationCodes.record(client.id(), REDIRECT, "openid profile").setSubject(sub).build())
                    .statusCode(400).body("error", equalTo("invalid_grant"));
        }
    }

    @Nested
    class Rfc6749Section4_3ResourceOwnerPasswordCredentials {
        static Registered passwordClient() {
            return RegisteredClients.create("legacy", """
                    "grant_types":["password","refresh_token"],"token_endpoint_auth_method":"client_secret_basic",
                    "scope":"api openid\"""");
        }

        @Test
        void whenCredentialsAreValidThenTokensForTheUserAreIssued() throws Exception {
            Registered client = passwordClient();
            String username = RegisteredClients.uniqueId("bob");
            String sub = user(username);
            ValidatableResponse r = given().auth().preemptive().basic(client.id(), client.secret())
                    .formParam("grant_type", "password").formParam("username", username).formParam("password", PASSWORD)
                    .formParam("scope", "api").post("/token").then().statusCode(200)
                    .header("Cache-Control", "no-store").body("scope", equalTo("api"));
            assertThat(Jwts.verify(r.extract().path("access_token")).getSubject(), is(sub));
            assertThat(r.extract().path("refresh_token"), notNullValue());
        }

        @Test
        void whenPasswordIsWrongThenInvalidGrant() {
            Registered client = passwordClient();
            String username = RegisteredClients.uniqueId("carol");
            user(username);
            given().auth().preemptive().basic(client.id(), client.secret())
                    .formParam("grant_type", "password").formParam("username", username).formParam("password", "wrong")
                    .post("/token").then().statusCode(400).body("error", equalTo("invalid_grant"));
        }

        /**
         * The login page's throttle, reached through UserDirectory with the address from
         * {@code X-Forwarded-For} (this test calls from 127.0.0.1, a trusted proxy). The started
         * authorize-service delays a throttled account-and-address pair 10 minutes.
         */
        @Test
        void when50WrongPasswordsFromAddressAThenATooManyRequestsWithRetryAfterWhileTheRightPasswordFromBGetsTokens() {
            Registered client = passwordClient();
            String username = RegisteredClients.uniqueId("erin");
            user(username);
            String a = address();
            int invalid = 0;
            int throttled = 0;
            for (int i = 0; i < 50; i++) {
                int status = passwordGrant(client, username, "wrong-" + i, a).extract().statusCode();
                if (status == 400) {
                    invalid++;
                } else if (status == 429) {
                    throttled++;
                }
            }
            assertThat("three free failures, the fourth starts the delay", invalid, is(4));
            assertThat(throttled, is(46));

            passwordGrant(client, username, PASSWORD, address()).statusCode(200).body("access_token", notNullValue());
            ValidatableResponse atA = passwordGrant(client, username, PASSWORD, a).statusCode(429)
                    .header("Cache-Control", "no-store").body("error", equalTo("too_many_requests"));
            long left = Long.parseLong(atA.extract().header("Retry-After"));
            assertThat("A waits its delay: " + left, left > 480 && left <= 600, is(true));
        }

        ValidatableResponse passwordGrant(Registered client, String username, String password, String address) {
            return given().auth().preemptive().basic(client.id(), client.secret()).header("X-Forwarded-For", address)
                    .formParam("grant_type", "password").formParam("username", username).formParam("password", password)
                    .post("/token").then();
        }

        static String address() {
            java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
            return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
        }

        @Test
        void whenClientIsNotAllowedThePasswordGrantThenUnauthorizedClient() {
            Registered client = RegisteredClients.machine("");
            given().auth().preemptive().basic(client.id(), client.secret())
                    .formParam("grant_type", "password").formParam("username", "x").formParam("password", "y")
                    .post("/token").then().statusCode(400).body("error", equalTo("unauthorized_client"));
        }
    }

    @Nested
    class OidcCore3_2_2_5TokenIssuerForImplicitFlow {
        @Test
        void whenImplicitTokensRequestedThenAccessAndIdTokenAreMintedLikeTheTokenEndpoint() throws Exception {
            Registered client = RegisteredClients.create("implicit", """
                    "grant_types":["implicit"],"response_types":["id_token token"],"redirect_uris":["%s"],
                    "token_endpoint_auth_method":"none","scope":"openid api\"""".formatted(REDIRECT));
            String sub = user(RegisteredClients.uniqueId("dave"));
            IssueTokensResponse r = withIssuer(stub -> stub.issueTokens(IssueTokensRequest.newBuilder().setClientId(client.id())
                    .setSubject(sub).setScope("openid api").setNonce("abc").setAuthTime(1_700_000_000L)
                    .setAccessToken(true).setIdToken(true).build()));
            assertThat(r.getTokenType(), is("Bearer"));
            assertThat(Jwts.verify(r.getAccessToken()).getSubject(), is(sub));
            JwtClaims id = Jwts.verify(r.getIdToken());
            assertThat(id.getClaimValue("nonce"), is("abc"));
            assertThat(id.getClaimValue("at_hash"), is(atHash(r.getAccessToken())));
        }

        @Test
        void whenClientIsUnknownThenInvalidClientInTheTrailer() {
            Throwable failure = withIssuer(stub -> {
                try {
                    stub.issueTokens(IssueTokensRequest.newBuilder().setClientId(RegisteredClients.uniqueId("nobody"))
                            .setSubject("s").setAccessToken(true).build());
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });
            assertThat(GrpcOAuthStatus.errorOf(failure), is(OAuthError.INVALID_CLIENT));
        }
    }
}
