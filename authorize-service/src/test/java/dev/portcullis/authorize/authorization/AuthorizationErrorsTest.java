package dev.portcullis.authorize.authorization;

import static dev.portcullis.authorize.authorization.AuthorizationCodeFlowTest.ISSUER;
import static dev.portcullis.authorize.authorization.AuthorizationCodeFlowTest.query;
import static dev.portcullis.authorize.authorization.AuthorizationCodeFlowTest.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.authorize.testing.Browser;
import dev.portcullis.authorize.testing.Pkce;
import dev.portcullis.authorize.testing.TestClients;
import dev.portcullis.authorize.testing.WithClientRegistry;
import dev.portcullis.testing.ServiceTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Map;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 6749 §4.1.2.1: before the client and redirect URI are trusted, errors are a page and
 * never a redirect (and so no open redirector, RFC 9700 §4.11); after, each error goes to the
 * redirect URI with {@code state} and {@code iss} (RFC 9207).
 */
@QuarkusTest
@WithTestResource(value = ServiceTestResource.class, initArgs = {
        @ResourceArg(name = "module", value = "client-registry-service"),
        @ResourceArg(name = "grpc-client", value = "client-registry"),
        @ResourceArg(name = "url-property", value = WithClientRegistry.URL_PROPERTY)})
class AuthorizationErrorsTest {

    static void assertErrorPage(Response r, String error) {
        assertEquals(400, r.statusCode());
        assertNull(r.header("Location"), "never redirected");
        assertTrue(r.contentType().startsWith("text/html"));
        assertEquals(error, Jsoup.parse(r.asString()).selectFirst("code").text());
    }

    static Map<String, String> redirectedError(Response r) {
        assertEquals(302, r.statusCode());
        String location = r.header("Location");
        assertTrue(location.startsWith(TestClients.REDIRECT + "?"), location);
        Map<String, String> p = Browser.parameters(location, false);
        assertEquals(ISSUER, p.get("iss"));
        assertNull(p.get("code"));
        return p;
    }

    @Nested
    class BeforeTheRedirectUriIsTrusted {
        @Test
        void whenClientIsUnknownThenErrorPage() {
            Map<String, String> p = request("no-such-client-" + System.nanoTime(), Pkce.create(), "s");
            assertErrorPage(new Browser().get(query(p)), "invalid_client");
        }

        @Test
        void whenClientIdIsMissingThenErrorPage() {
            Map<String, String> p = request("x", Pkce.create(), "s");
            p.remove("client_id");
            assertErrorPage(new Browser().get(query(p)), "invalid_request");
        }

        @Test
        void whenClientIsDisabledThenErrorPage() {
            String client = TestClients.register(Map.of("enabled", false));
            assertErrorPage(new Browser().get(query(request(client, Pkce.create(), "s"))), "invalid_client");
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "https://evil.example.com/callback",
                "https://app.example.com/callback/",
                "https://app.example.com/callback/../evil",
                "https://app.example.com/callback?next=https://evil.example.com",
                "https://app.example.com/callbackx",
                "https://app.example.com.evil.example.com/callback",
                "https://APP.example.com/callback",
                "http://app.example.com/callback",
                "https://app.example.com:443/callback",
                "https://app.example.com/callback#frag",
                "//evil.example.com/callback"})
        void whenRedirectUriIsNotExactlyRegisteredThenErrorPageNeverRedirect(String redirectUri) {
            Map<String, String> p = request(TestClients.publicClient(), Pkce.create(), "s");
            p.put("redirect_uri", redirectUri);
            assertErrorPage(new Browser().get(query(p)), "invalid_request");
        }

        @Test
        void whenRedirectUriIsRepeatedThenErrorPage() {
            String client = TestClients.publicClient();
            String q = query(request(client, Pkce.create(), "s")) + "&redirect_uri="
                    + java.net.URLEncoder.encode("https://evil.example.com/", java.nio.charset.StandardCharsets.UTF_8);
            assertErrorPage(new Browser().get(q), "invalid_request");
        }

        @Test
        void whenOpenIdRequestOmitsRedirectUriThenErrorPage() {
            Map<String, String> p = request(TestClients.publicClient(), Pkce.create(), "s");
            p.remove("redirect_uri");
            assertErrorPage(new Browser().get(query(p)), "invalid_request");
        }

        @Test
        void whenOtherErrorsAlsoExistThenTheUntrustedRedirectWins() {
            Map<String, String> p = request(TestClients.publicClient(), Pkce.create(), "s");
            p.put("redirect_uri", "https://evil.example.com/callback");
            p.put("response_type", "bogus");
            assertErrorPage(new Browser().get(query(p)), "invalid_request");
        }
    }

    @Nested
    class AfterTheRedirectUriIsTrusted {
        @Test
        void whenResponseTypeIsMissingThenInvalidRequest() {
            Map<String, String> p = request(TestClients.publicClient(), Pkce.create(), "s1");
            p.remove("response_type");
            Map<String, String> e = redirectedError(new Browser().get(query(p)));
            assertEquals("invalid_request", e.get("error"));
            assertEquals("s1", e.get("state"));
        }

        @Test
        void whenResponseTypeIsUnknownThenUnsupportedResponseType() {
            Map<String, String> p = request(TestClients.publicClient(), Pkce.create(), "s2");
            p.put("response_type", "code token_bogus");
            assertEquals("unsupported_response_type", redirectedError(new Browser().get(query(p))).get("error"));
        }

        @Test
        void whenImplicitIsNotAllowedForTheClientThenUnauthorizedClientInFragment() {
            Map<String, String> p = request(TestClients.publicClient(), Pkce.create(), "s3");
            p.put("response_type", "token");
            Response r = new Browser().get(query(p));
            assertEquals(302, r.statusCode());
            Map<String, String> e = Browser.parameters(r.header("Location"), true);
            assertEquals("unauthorized_client", e.get("error"));
            assertEquals("s3", e.get("state"));
        }

        @Test
        void whenScopeExceedsTheRegisteredScopeThenInvalidScope() {
            Map<String, String> p = request(TestClients.publicClient(), Pkce.create(), "s4");
            p.put("scope", "openid admin");
            assertEquals("invalid_scope", redirectedError(new Browser().get(query(p))).get("error"));
        }

        @Test
        void whenPublicClientSendsNoCodeChallengeThenInvalidRequest() {
            Map<String, String> p = request(TestClients.publicClient(), Pkce.create(), "s5");
            p.remove("code_challenge");
            p.remove("code_challenge_method");
            assertEquals("invalid_request", redirectedError(new Browser().get(query(p))).get("error"));
        }

        @Test
        void whenCodeChallengeMethodIsPlainThenInvalidRequest() {
            Map<String, String> p = request(TestClients.publicClient(), Pkce.create(), "s6");
            p.put("code_challenge_method", "plain");
            assertEquals("invalid_request", redirectedError(new Browser().get(query(p))).get("error"));
        }

        @Test
        void whenCodeChallengeIsMalformedThenInvalidRequest() {
            Map<String, String> p = request(TestClients.publicClient(), Pkce.create(), "s7");
            p.put("code_challenge", "short");
            assertEquals("invalid_request", redirectedError(new Browser().get(query(p))).get("error"));
        }

        @Test
        void whenAParameterIsRepeatedThenInvalidRequest() {
            String q = query(request(TestClients.publicClient(), Pkce.create(), "s8")) + "&scope=openid";
            assertEquals("invalid_request", redirectedError(new Browser().get(q)).get("error"));
        }

        @Test
        void whenPromptNoneIsCombinedWithLoginThenInvalidRequest() {
            Map<String, String> p = request(TestClients.publicClient(), Pkce.create(), "s9");
            p.put("prompt", "none login");
            assertEquals("invalid_request", redirectedError(new Browser().get(query(p))).get("error"));
        }

        @Test
        void whenResponseModeIsUnknownThenInvalidRequest() {
            Map<String, String> p = request(TestClients.publicClient(), Pkce.create(), "s10");
            p.put("response_mode", "web_message");
            assertEquals("invalid_request", redirectedError(new Browser().get(query(p))).get("error"));
        }

        @Test
        void whenMaxAgeIsNotANumberThenInvalidRequest() {
            Map<String, String> p = request(TestClients.publicClient(), Pkce.create(), "s11");
            p.put("max_age", "-1");
            assertEquals("invalid_request", redirectedError(new Browser().get(query(p))).get("error"));
        }

        @Test
        void whenConfidentialClientWithoutRequirePkceOmitsChallengeThenAccepted() {
            String client = TestClients.register(Map.of("token_endpoint_auth_method", "client_secret_basic", "require_pkce", false));
            Map<String, String> p = request(client, Pkce.create(), "s12");
            p.remove("code_challenge");
            p.remove("code_challenge_method");
            Response r = new Browser().get(query(p));
            assertEquals(302, r.statusCode());
            assertTrue(r.header("Location").startsWith(ISSUER + "/login?"), "goes on to sign-in");
        }
    }
}
