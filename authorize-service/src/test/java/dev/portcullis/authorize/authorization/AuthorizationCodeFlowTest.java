package dev.portcullis.authorize.authorization;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The authorization code flow (RFC 6749 §4.1, OIDC Core §3.1) driven like a browser against
 * the real client-registry-service, PostgreSQL and Redis: sign-in, consent, the code in Redis.
 */
@QuarkusTest
@WithTestResource(value = ServiceTestResource.class, initArgs = {
        @ResourceArg(name = "module", value = "client-registry-service"),
        @ResourceArg(name = "grpc-client", value = "client-registry"),
        @ResourceArg(name = "url-property", value = WithClientRegistry.URL_PROPERTY)})
public class AuthorizationCodeFlowTest {
    static final String ISSUER = "http://localhost:8080";

    @Inject
    RedisDataSource redis;

    public static Map<String, String> request(String clientId, Pkce pkce, String state) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("response_type", "code");
        p.put("client_id", clientId);
        p.put("redirect_uri", TestClients.REDIRECT);
        p.put("scope", "openid profile");
        p.put("state", state);
        p.put("nonce", "n-" + state);
        p.put("code_challenge", pkce.challenge());
        p.put("code_challenge_method", "S256");
        return p;
    }

    public static String query(Map<String, String> p) {
        StringBuilder b = new StringBuilder("/authorize?");
        p.forEach((k, v) -> b.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
        return b.substring(0, b.length() - 1);
    }

    /** Signs in through the login page the authorization endpoint sent the browser to. */
    public static Response signIn(Browser browser, Response toLogin, String username) {
        assertEquals(302, toLogin.statusCode());
        assertTrue(toLogin.header("Location").startsWith(ISSUER + "/login?return_to="));
        Response page = browser.get(toLogin.header("Location"));
        assertEquals(200, page.statusCode());
        Response afterLogin = browser.submit(page, Map.of("username", username, "password", TestUsers.PASSWORD));
        assertEquals(303, afterLogin.statusCode());
        return browser.get(afterLogin.header("Location"));
    }

    @Nested
    class Section4_1_AuthorizationCodeGrant {

        @Test
        void whenUserSignsInAndConsentsThenCodeIsStoredBoundToTheRequest() {
            String client = TestClients.publicClient();
            TestUsers.TestUser user = TestUsers.create();
            Pkce pkce = Pkce.create();
            Browser browser = new Browser();

            Response consent = signIn(browser, browser.get(query(request(client, pkce, "s1"))), user.username());
            assertEquals(200, consent.statusCode());
            assertTrue(consent.asString().contains("Example App"));
            Response redirect = browser.submit(consent, Map.of("decision", "allow"));

            assertEquals(303, redirect.statusCode());
            String location = redirect.header("Location");
            assertTrue(location.startsWith(TestClients.REDIRECT + "?"));
            Map<String, String> params = Browser.parameters(location, false);
            assertEquals("s1", params.get("state"));
            assertEquals(ISSUER, params.get("iss"));
            String code = params.get("code");
            assertNotNull(code);
            assertTrue(code.length() >= 43, "at least 256 bits");

            byte[] stored = redis.value(byte[].class).get(RedisKeys.authorizationCode(TokenHash.of(code)));
            AuthorizationCodeRecord record = parse(stored);
            assertEquals(client, record.getClientId());
            assertEquals(TestClients.REDIRECT, record.getRedirectUri());
            assertEquals(pkce.challenge(), record.getCodeChallenge());
            assertEquals("S256", record.getCodeChallengeMethod());
            assertEquals("openid profile", record.getScope());
            assertEquals("n-s1", record.getNonce());
            assertEquals(user.subject(), record.getSubject());
            assertTrue(record.getAuthTime() <= Instant.now().getEpochSecond());
            assertTrue(record.getExpiresAt() - record.getIssuedAt() <= 60);
            assertTrue(!record.getSessionId().isEmpty());
            long ttl = redis.key().ttl(RedisKeys.authorizationCode(TokenHash.of(code)));
            assertTrue(ttl > 0 && ttl <= 60, "expires within the code lifetime");
        }

        @Test
        void whenConsentWasGivenBeforeThenSecondRequestGetsCodeWithoutAsking() {
            String client = TestClients.publicClient();
            TestUsers.TestUser user = TestUsers.create();
            Browser browser = new Browser();
            Response consent = signIn(browser, browser.get(query(request(client, Pkce.create(), "a"))), user.username());
            browser.submit(consent, Map.of("decision", "allow"));

            Response again = browser.get(query(request(client, Pkce.create(), "b")));

            assertEquals(302, again.statusCode());
            Map<String, String> params = Browser.parameters(again.header("Location"), false);
            assertNotNull(params.get("code"));
            assertEquals("b", params.get("state"));
        }

        @Test
        void whenSessionExistsThenAnotherClientSignsInWithoutPassword() {
            TestUsers.TestUser user = TestUsers.create();
            Browser browser = new Browser();
            String first = TestClients.register(Map.of("skip_consent", true));
            Response code = signIn(browser, browser.get(query(request(first, Pkce.create(), "a"))), user.username());
            assertEquals(302, code.statusCode(), "a first-party client skips consent");
            String second = TestClients.register(Map.of("skip_consent", true));

            Response sso = browser.get(query(request(second, Pkce.create(), "b")));

            assertEquals(302, sso.statusCode());
            assertNotNull(Browser.parameters(sso.header("Location"), false).get("code"));
        }

        @Test
        void whenUserDeniesThenAccessDeniedWithStateAndIss() {
            String client = TestClients.publicClient();
            Browser browser = new Browser();
            Response consent = signIn(browser, browser.get(query(request(client, Pkce.create(), "d"))), TestUsers.create().username());

            Response denied = browser.submit(consent, Map.of("decision", "deny"));

            Map<String, String> params = Browser.parameters(denied.header("Location"), false);
            assertEquals("access_denied", params.get("error"));
            assertEquals("d", params.get("state"));
            assertEquals(ISSUER, params.get("iss"));
            assertNull(params.get("code"));
        }

        @Test
        void whenRequestComesByPostThenSameFlow() {
            String client = TestClients.register(Map.of("skip_consent", true));
            Browser browser = new Browser();
            Response toLogin = browser.post("/authorize", request(client, Pkce.create(), "p"));
            assertEquals(303, toLogin.statusCode());
            assertTrue(toLogin.header("Location").startsWith(ISSUER + "/login?return_to="));
        }
    }

    @Nested
    class FormPostResponseMode {
        @Test
        void whenResponseModeIsFormPostThenPageAutoPostsCodeToRedirectUri() {
            String client = TestClients.register(Map.of("skip_consent", true));
            Map<String, String> p = request(client, Pkce.create(), "fp");
            p.put("response_mode", "form_post");
            Browser browser = new Browser();

            Response page = signIn(browser, browser.get(query(p)), TestUsers.create().username());

            assertEquals(200, page.statusCode());
            org.jsoup.nodes.Element form = Jsoup.parse(page.asString()).selectFirst("form");
            assertEquals("post", form.attr("method"));
            assertEquals(TestClients.REDIRECT, form.attr("action"));
            assertEquals("fp", form.selectFirst("input[name=state]").attr("value"));
            assertEquals(ISSUER, form.selectFirst("input[name=iss]").attr("value"));
            assertTrue(!form.selectFirst("input[name=code]").attr("value").isEmpty());
            assertNull(page.header("Location"));
        }
    }

    @Nested
    class OidcCore_3_1_2_1_Prompt {
        @Test
        void whenPromptNoneWithoutSessionThenLoginRequired() {
            String client = TestClients.publicClient();
            Map<String, String> p = request(client, Pkce.create(), "pn");
            p.put("prompt", "none");

            Response r = new Browser().get(query(p));

            Map<String, String> params = Browser.parameters(r.header("Location"), false);
            assertEquals("login_required", params.get("error"));
            assertEquals("pn", params.get("state"));
        }

        @Test
        void whenPromptNoneWithoutConsentThenConsentRequired() {
            String client = TestClients.publicClient();
            Browser browser = new Browser();
            signIn(browser, browser.get(query(request(client, Pkce.create(), "x"))), TestUsers.create().username());
            Map<String, String> p = request(client, Pkce.create(), "pc");
            p.put("prompt", "none");

            Response r = browser.get(query(p));

            assertEquals("consent_required", Browser.parameters(r.header("Location"), false).get("error"));
        }

        @Test
        void whenPromptLoginWithSessionThenSignInAgainAndNotAskedTwice() {
            String client = TestClients.register(Map.of("skip_consent", true));
            TestUsers.TestUser user = TestUsers.create();
            Browser browser = new Browser();
            signIn(browser, browser.get(query(request(client, Pkce.create(), "x"))), user.username());
            Map<String, String> p = request(client, Pkce.create(), "pl");
            p.put("prompt", "login");

            Response code = signIn(browser, browser.get(query(p)), user.username());

            assertEquals(302, code.statusCode());
            assertNotNull(Browser.parameters(code.header("Location"), false).get("code"));
        }

        @Test
        void whenMaxAgeIsZeroThenSignInAgain() {
            String client = TestClients.register(Map.of("skip_consent", true));
            Browser browser = new Browser();
            signIn(browser, browser.get(query(request(client, Pkce.create(), "x"))), TestUsers.create().username());
            Map<String, String> p = request(client, Pkce.create(), "ma");
            p.put("max_age", "0");
            p.put("prompt", "none");

            Response r = browser.get(query(p));

            assertEquals("login_required", Browser.parameters(r.header("Location"), false).get("error"));
        }
    }

    @Nested
    class PageSecurity {
        @Test
        void whenLoginPageIsShownThenFramingForbiddenNothingCachedAndCsrfCookieSet() {
            Response page = new Browser().get(query(request(TestClients.publicClient(), Pkce.create(), "h")));
            Response login = new Browser().get(page.header("Location"));

            login.then().statusCode(200)
                    .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                    .header("X-Frame-Options", equalTo("DENY"))
                    .header("Cache-Control", equalTo("no-store"))
                    .header("Referrer-Policy", equalTo("no-referrer"));
            String setCookie = login.header("Set-Cookie");
            assertTrue(setCookie.contains("HttpOnly"));
            assertTrue(setCookie.contains("SameSite=Lax"));
        }

        @Test
        void whenLoginFormHasNoCsrfTokenThenRefusedWithoutSession() {
            Browser browser = new Browser();
            Response login = browser.get("/login");
            Response refused = browser.submit(login, Map.of("username", TestUsers.create().username(),
                    "password", TestUsers.PASSWORD, "csrf_token", "forged-" + TokenHash.newSecret(32)));

            assertEquals(403, refused.statusCode());
            assertNull(refused.header("Location"));
            assertNull(browser.cookies().get("portcullis_session"));
        }

        @Test
        void whenConsentFormCsrfTokenIsForgedThenRefusedAndNoCode() {
            String client = TestClients.publicClient();
            Browser browser = new Browser();
            Response consent = signIn(browser, browser.get(query(request(client, Pkce.create(), "c"))), TestUsers.create().username());

            Response refused = browser.submit(consent, Map.of("decision", "allow", "csrf_token", TokenHash.newSecret(32)));

            assertEquals(403, refused.statusCode());
            assertNull(refused.header("Location"));
        }

        @Test
        void whenSessionCookieIsSetThenHttpOnlyAndLax() {
            Browser browser = new Browser();
            Response page = browser.get("/login");
            Response r = browser.submit(page, Map.of("username", TestUsers.create().username(), "password", TestUsers.PASSWORD));
            assertEquals(200, r.statusCode());
            String setCookie = r.headers().getValues("Set-Cookie").stream().filter(c -> c.startsWith("portcullis_session=")).findFirst().orElseThrow();
            assertTrue(setCookie.contains("HttpOnly"));
            assertTrue(setCookie.contains("SameSite=Lax"));
            assertTrue(setCookie.contains("Path=/"));
        }
    }

    @Nested
    class LoginRateLimit {
        @Test
        void whenUserIsUnknownThenSameAnswerAsWrongPassword() {
            Browser b = new Browser();
            Response unknown = b.submit(b.get("/login"), Map.of("username", "nobody-" + TokenHash.newSecret(8), "password", "whatever-password"));
            Browser c = new Browser();
            Response wrong = c.submit(c.get("/login"), Map.of("username", TestUsers.create().username(), "password", "whatever-password"));

            assertEquals(wrong.statusCode(), unknown.statusCode());
            assertEquals(Jsoup.parse(wrong.asString()).selectFirst("[role=alert]").text(),
                    Jsoup.parse(unknown.asString()).selectFirst("[role=alert]").text());
        }
    }

    @Nested
    class RpInitiatedLogout {
        Browser signedIn(String client) {
            Browser browser = new Browser();
            signIn(browser, browser.get(query(request(client, Pkce.create(), "x"))), TestUsers.create().username());
            return browser;
        }

        @Test
        void whenUserConfirmsThenSessionEndsAndBrowserGoesToRegisteredUriWithState() {
            String client = TestClients.register(Map.of("skip_consent", true));
            Browser browser = signedIn(client);
            Response page = browser.get("/logout?client_id=" + client + "&state=bye&post_logout_redirect_uri="
                    + URLEncoder.encode(TestClients.LOGOUT_REDIRECT, StandardCharsets.UTF_8));
            assertEquals(200, page.statusCode());

            Response out = browser.submit(page, Map.of());

            assertEquals(303, out.statusCode());
            assertEquals(TestClients.LOGOUT_REDIRECT + "?state=bye", out.header("Location"));
            Map<String, String> p = request(client, Pkce.create(), "after");
            p.put("prompt", "none");
            assertEquals("login_required", Browser.parameters(browser.get(query(p)).header("Location"), false).get("error"));
        }

        @Test
        void whenPostLogoutUriIsNotRegisteredThenSignedOutPageAndNoRedirect() {
            String client = TestClients.register(Map.of("skip_consent", true));
            Browser browser = signedIn(client);
            Response page = browser.get("/logout?client_id=" + client + "&post_logout_redirect_uri="
                    + URLEncoder.encode("https://evil.example.com/", StandardCharsets.UTF_8));

            Response out = browser.submit(page, Map.of());

            assertEquals(200, out.statusCode());
            assertNull(out.header("Location"));
        }

        @Test
        void whenLogoutFormIsForgedThenSessionStays() {
            String client = TestClients.register(Map.of("skip_consent", true));
            Browser browser = signedIn(client);

            Response out = browser.post("/logout", Map.of("csrf_token", TokenHash.newSecret(32)));

            assertEquals(403, out.statusCode());
            assertEquals(302, browser.get(query(request(client, Pkce.create(), "still"))).statusCode());
            assertNotNull(Browser.parameters(browser.get(query(request(client, Pkce.create(), "still"))).header("Location"), false).get("code"));
        }
    }

    @Nested
    class ConsentWithdrawal {
        @Test
        void whenConsentIsWithdrawnThenTheNextRequestAsksAgain() {
            String client = TestClients.publicClient();
            TestUsers.TestUser user = TestUsers.create();
            Browser browser = new Browser();
            browser.submit(signIn(browser, browser.get(query(request(client, Pkce.create(), "a"))), user.username()),
                    Map.of("decision", "allow"));
            io.restassured.RestAssured.given().header("Authorization", "Bearer test-admin-token")
                    .get("/admin/users/" + user.subject() + "/consents").then().statusCode(200)
                    .body("[0].client_id", equalTo(client)).body("[0].scope", equalTo("openid profile"));

            io.restassured.RestAssured.given().header("Authorization", "Bearer test-admin-token")
                    .delete("/admin/users/" + user.subject() + "/consents/" + client).then().statusCode(204);

            Response again = browser.get(query(request(client, Pkce.create(), "b")));
            assertEquals(200, again.statusCode(), "the consent page again");
            assertNotNull(Jsoup.parse(again.asString()).selectFirst("button[value=allow]"));
        }
    }

    public static AuthorizationCodeRecord parse(byte[] bytes) {
        assertNotNull(bytes, "the code is stored");
        try {
            return AuthorizationCodeRecord.parseFrom(bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
