package dev.portcullis.authorize.authorization;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.authorize.testing.Browser;
import dev.portcullis.authorize.testing.Pkce;
import dev.portcullis.authorize.testing.TestClients;
import dev.portcullis.authorize.testing.TestUsers;
import dev.portcullis.authorize.testing.WithClientRegistry;
import dev.portcullis.contract.RedisKeys;
import dev.portcullis.contract.TokenHash;
import dev.portcullis.contract.TokenShape;
import dev.portcullis.proto.records.v1.AuthorizationCodeRecord;
import dev.portcullis.proto.records.v1.OpaqueAccessTokenRecord;
import dev.portcullis.testing.ServiceTestResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * OIDC Core §3.1.3.6 / §5.4: a code issued for an {@code openid} scope carries the user's claims
 * for that scope, exactly what {@code /userinfo} releases, so token-service signs the ID token
 * without calling back (UserDirectory stays the fallback for records without them).
 */
@QuarkusTest
@WithTestResource(value = ServiceTestResource.class, initArgs = {
        @ResourceArg(name = "module", value = "client-registry-service"),
        @ResourceArg(name = "grpc-client", value = "client-registry"),
        @ResourceArg(name = "url-property", value = WithClientRegistry.URL_PROPERTY)})
class CodeCarriesIdTokenClaimsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    RedisDataSource redis;

    /** Signs in with a first-party client (no consent page) and answers the stored code record. */
    AuthorizationCodeRecord codeFor(Browser browser, String client, TestUsers.TestUser user, String scope) {
        Map<String, String> request = AuthorizationCodeFlowTest.request(client, Pkce.create(), "s");
        request.put("scope", scope);
        if (!scope.contains("openid")) {
            request.remove("nonce");
        }
        Response redirect = AuthorizationCodeFlowTest.signIn(browser,
                browser.get(AuthorizationCodeFlowTest.query(request)), user.username());
        return stored(redirect);
    }

    AuthorizationCodeRecord stored(Response redirect) {
        assertEquals(302, redirect.statusCode());
        String code = Browser.parameters(redirect.header("Location"), false).get("code");
        return AuthorizationCodeFlowTest.parse(redis.value(byte[].class).get(RedisKeys.authorizationCode(TokenHash.of(code))));
    }

    /** What /userinfo answers to a token for {@code subject} and {@code scope}. */
    Map<String, Object> userinfo(String subject, String scope) throws Exception {
        String token = TokenShape.newOpaqueToken();
        long now = Instant.now().getEpochSecond();
        redis.value(byte[].class).setex(RedisKeys.opaqueAccessToken(TokenHash.of(token)), 120,
                OpaqueAccessTokenRecord.newBuilder().setJti(UUID.randomUUID().toString()).setClientId("c")
                        .setSubject(subject).setScope(scope).setIssuedAt(now).setExpiresAt(now + 60).build().toByteArray());
        return JSON.readValue(given().auth().oauth2(token).get("/userinfo").then().statusCode(200).extract().asString(),
                new TypeReference<>() { });
    }

    @Nested
    class OidcCore5_4ClaimsForTheGrantedScopes {
        @Test
        void whenScopeHasOpenidProfileEmailThenTheCodeCarriesExactlyWhatUserinfoReleases() throws Exception {
            String client = TestClients.register(Map.of("skip_consent", true));
            TestUsers.TestUser user = TestUsers.create();
            AuthorizationCodeRecord record = codeFor(new Browser(), client, user, "openid profile email");

            Map<String, Object> carried = JSON.readValue(record.getClaimsJson(), new TypeReference<>() { });
            assertEquals(userinfo(user.subject(), "openid profile email"), carried);
            assertEquals("Ada Lovelace", carried.get("name"));
            assertEquals(user.subject(), carried.get("sub"));
        }

        @Test
        void whenScopeIsOnlyOpenidThenTheCodeCarriesOnlySubLikeUserinfo() throws Exception {
            String client = TestClients.register(Map.of("skip_consent", true));
            TestUsers.TestUser user = TestUsers.create();
            AuthorizationCodeRecord record = codeFor(new Browser(), client, user, "openid");

            assertEquals(userinfo(user.subject(), "openid"), JSON.readValue(record.getClaimsJson(), new TypeReference<>() { }));
            assertEquals(Map.of("sub", user.subject()), JSON.readValue(record.getClaimsJson(), new TypeReference<>() { }));
        }

        @Test
        void whenScopeHasNoOpenidThenNoIdTokenAndNoClaimsAreCarried() {
            String client = TestClients.register(Map.of("skip_consent", true, "scope", "profile api"));
            AuthorizationCodeRecord record = codeFor(new Browser(), client, TestUsers.create(), "profile");

            assertTrue(record.getClaimsJson().isEmpty());
        }
    }

    /** Claims are read when the code is issued: a disabled user's session no longer yields codes. */
    @Nested
    class DisabledUser {
        @Test
        void whenTheUserWasDisabledAfterSigningInThenNoCodeIsIssuedAndSignInIsAskedFor() {
            String client = TestClients.register(Map.of("skip_consent", true));
            TestUsers.TestUser user = TestUsers.create();
            Browser browser = new Browser();
            codeFor(browser, client, user, "openid profile");
            given().header("Authorization", "Bearer test-admin-token").contentType("application/json")
                    .body(Map.of("enabled", false)).patch("/admin/users/" + user.subject()).then().statusCode(200);

            Response again = browser.get(AuthorizationCodeFlowTest.query(AuthorizationCodeFlowTest.request(client, Pkce.create(), "t")));

            assertEquals(302, again.statusCode());
            assertTrue(again.header("Location").startsWith(AuthorizationCodeFlowTest.ISSUER + "/login?"), again.header("Location"));
        }
    }
}
