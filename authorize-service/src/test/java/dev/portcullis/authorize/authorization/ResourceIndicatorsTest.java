package dev.portcullis.authorize.authorization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.authorize.testing.Browser;
import dev.portcullis.authorize.testing.Pkce;
import dev.portcullis.authorize.testing.TestClients;
import dev.portcullis.authorize.testing.TestUsers;
import dev.portcullis.authorize.testing.WithClientRegistry;
import dev.portcullis.contract.RedisKeys;
import dev.portcullis.contract.TokenHash;
import dev.portcullis.proto.records.v1.AuthorizationCodeRecord;
import dev.portcullis.testing.ServiceTestResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * RFC 8707 §2 resource indicators at the authorization endpoint, against the real
 * client-registry-service: only the client's registered {@code allowed_resources} are accepted,
 * and the ones requested travel through sign-in and consent into the authorization code, where
 * the token endpoint narrows the access token's audience to them.
 */
@QuarkusTest
@WithTestResource(value = ServiceTestResource.class, initArgs = {
        @ResourceArg(name = "module", value = "client-registry-service"),
        @ResourceArg(name = "grpc-client", value = "client-registry"),
        @ResourceArg(name = "url-property", value = WithClientRegistry.URL_PROPERTY)})
class ResourceIndicatorsTest {
    private static final String API = "https://api.example.com/";
    private static final String REPORTS = "https://reports.example.com/";

    @Inject
    RedisDataSource redis;

    private static String clientWithResources() {
        return TestClients.register(Map.of("allowed_resources", List.of(API, REPORTS)));
    }

    private static String withResources(String query, String... resources) {
        StringBuilder b = new StringBuilder(query);
        for (String r : resources) {
            b.append("&resource=").append(URLEncoder.encode(r, StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    private static String authorize(String client, Pkce pkce, String state, String... resources) {
        return withResources(AuthorizationCodeFlowTest.query(AuthorizationCodeFlowTest.request(client, pkce, state)), resources);
    }

    private static void assertRedirectedError(Response r, String state, String error) {
        assertEquals(302, r.statusCode());
        String location = r.header("Location");
        assertTrue(location.startsWith(TestClients.REDIRECT + "?"), location);
        Map<String, String> params = Browser.parameters(location, false);
        assertEquals(error, params.get("error"));
        assertEquals(state, params.get("state"));
        assertNull(params.get("code"));
    }

    @Nested
    class Rfc8707Section2AuthorizationRequest {
        @Test
        void whenRegisteredResourcesAreRequestedThenTheCodeCarriesThemThroughSignInAndConsent() {
            String client = clientWithResources();
            Browser browser = new Browser();
            Response consent = AuthorizationCodeFlowTest.signIn(browser,
                    browser.get(authorize(client, Pkce.create(), "r1", API, REPORTS)), TestUsers.create().username());
            assertEquals(200, consent.statusCode());
            Response redirect = browser.submit(consent, Map.of("decision", "allow"));
            assertEquals(303, redirect.statusCode());
            String code = Browser.parameters(redirect.header("Location"), false).get("code");
            AuthorizationCodeRecord record = AuthorizationCodeFlowTest.parse(
                    redis.value(byte[].class).get(RedisKeys.authorizationCode(TokenHash.of(code))));
            assertEquals(List.of(API, REPORTS), record.getResourceList());
        }

        @Test
        void whenNoResourceIsRequestedThenTheCodeCarriesNone() {
            String client = clientWithResources();
            Browser browser = new Browser();
            Response consent = AuthorizationCodeFlowTest.signIn(browser,
                    browser.get(authorize(client, Pkce.create(), "r2")), TestUsers.create().username());
            Response redirect = browser.submit(consent, Map.of("decision", "allow"));
            String code = Browser.parameters(redirect.header("Location"), false).get("code");
            AuthorizationCodeRecord record = AuthorizationCodeFlowTest.parse(
                    redis.value(byte[].class).get(RedisKeys.authorizationCode(TokenHash.of(code))));
            assertEquals(List.of(), record.getResourceList());
        }

        @Test
        void whenAResourceIsNotRegisteredForTheClientThenInvalidTargetAtTheRedirectUri() {
            String client = clientWithResources();
            assertRedirectedError(new Browser().get(authorize(client, Pkce.create(), "r3", API, "https://payments.example.com/")),
                    "r3", "invalid_target");
        }

        @Test
        void whenTheClientRegisteredNoResourcesThenAnyResourceIsInvalidTarget() {
            String client = TestClients.publicClient();
            assertRedirectedError(new Browser().get(authorize(client, Pkce.create(), "r4", API)), "r4", "invalid_target");
        }

        @Test
        void whenAResourceIsNotAnAbsoluteUriWithoutFragmentThenInvalidTarget() {
            String client = clientWithResources();
            assertRedirectedError(new Browser().get(authorize(client, Pkce.create(), "r5", "/relative")), "r5", "invalid_target");
            assertRedirectedError(new Browser().get(authorize(client, Pkce.create(), "r6", API + "#x")), "r6", "invalid_target");
        }
    }
}
