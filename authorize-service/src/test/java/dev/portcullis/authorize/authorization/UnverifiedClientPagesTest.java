package dev.portcullis.authorize.authorization;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.authorize.testing.Browser;
import dev.portcullis.authorize.testing.Pkce;
import dev.portcullis.authorize.testing.TestClients;
import dev.portcullis.authorize.testing.TestUsers;
import dev.portcullis.authorize.testing.WithClientRegistry;
import dev.portcullis.testing.ServiceTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Tried as a new user would: a client registered anonymously through the real client-registry
 * {@code /register} (open in its test profile) cannot take a name that imitates this server, and
 * an ordinary one is shown as an unverified application on the real sign-in and consent pages,
 * unlike a client an administrator created.
 */
@QuarkusTest
@WithTestResource(value = ServiceTestResource.class, initArgs = {
        @ResourceArg(name = "module", value = "client-registry-service"),
        @ResourceArg(name = "grpc-client", value = "client-registry"),
        @ResourceArg(name = "url-property", value = WithClientRegistry.URL_PROPERTY)})
class UnverifiedClientPagesTest {

    private static String registryUrl() {
        return ConfigProvider.getConfig().getValue(WithClientRegistry.URL_PROPERTY, String.class);
    }

    private static io.restassured.response.ValidatableResponse registerAnonymously(String clientName) {
        Map<String, Object> metadata = Map.of("client_name", clientName, "redirect_uris", List.of(TestClients.REDIRECT),
                "token_endpoint_auth_method", "none", "scope", "openid profile email");
        return given().baseUri(registryUrl()).contentType(ContentType.JSON).body(metadata).post("/register").then();
    }

    private static Response loginPage(Browser browser, String client) {
        Response toLogin = browser.get(AuthorizationCodeFlowTest.query(AuthorizationCodeFlowTest.request(client, Pkce.create(), "u1")));
        assertEquals(302, toLogin.statusCode());
        Response page = browser.get(toLogin.header("Location"));
        assertEquals(200, page.statusCode());
        return page;
    }

    @Nested
    class ImitatingNames {
        @Test
        void whenAnAnonymousClientCallsItselfThePortcullisSecurityTeamThenRegistrationIsRefused() {
            registerAnonymously("Portcullis Security Team — please re-enter your password")
                    .statusCode(400).body("error", equalTo("invalid_client_metadata"));
        }
    }

    @Nested
    class SignInPage {
        @Test
        void whenASelfRegisteredClientAsksForSignInThenThePageCallsItAnUnverifiedApplication() {
            String client = registerAnonymously("Photo Printer").statusCode(201).extract().path("client_id");
            Document page = Jsoup.parse(loginPage(new Browser(), client).asString());
            assertEquals("to continue to Photo Printer (unverified application)", page.selectFirst("p.lead").text());
            Element notice = page.getElementById("unverified-client");
            assertNotNull(notice, "the page explains what unverified means");
            assertTrue(notice.text().startsWith("Unverified application"));
            assertTrue(notice.text().contains("Portcullis has not verified this application"));
        }

        @Test
        void whenAnAdministratorVerifiesTheClientThenThePageNamesItPlainly() throws InterruptedException {
            String client = registerAnonymously("Photo Printer").statusCode(201).extract().path("client_id");
            assertNotNull(Jsoup.parse(loginPage(new Browser(), client).asString()).getElementById("unverified-client"));
            given().baseUri(registryUrl()).header("Authorization", "Bearer test-admin-token")
                    .post("/admin/clients/" + client + "/verify").then().statusCode(200).body("verified", equalTo(true));
            // The registry's change notice reaches this service's client cache over Redis pub/sub:
            // wait for it (bounded), asserting only what the page finally says.
            Document page = null;
            for (int i = 0; i < 100; i++) {
                page = Jsoup.parse(loginPage(new Browser(), client).asString());
                if (page.getElementById("unverified-client") == null) {
                    break;
                }
                Thread.sleep(100);
            }
            assertEquals("to continue to Photo Printer", page.selectFirst("p.lead").text());
            assertNull(page.getElementById("unverified-client"));
        }

        @Test
        void whenAnAdministratorCreatedTheClientThenThePageNamesItPlainly() {
            Document page = Jsoup.parse(loginPage(new Browser(), TestClients.publicClient()).asString());
            assertEquals("to continue to Example App", page.selectFirst("p.lead").text());
            assertNull(page.getElementById("unverified-client"));
        }
    }

    @Nested
    class ConsentPage {
        @Test
        void whenASelfRegisteredClientAsksForConsentThenThePageCallsItAnUnverifiedApplication() {
            String client = registerAnonymously("Photo Printer").statusCode(201).extract().path("client_id");
            Browser browser = new Browser();
            Response consent = AuthorizationCodeFlowTest.signIn(browser,
                    browser.get(AuthorizationCodeFlowTest.query(AuthorizationCodeFlowTest.request(client, Pkce.create(), "u2"))),
                    TestUsers.create().username());
            assertEquals(200, consent.statusCode());
            Document page = Jsoup.parse(consent.asString());
            assertEquals("Photo Printer (unverified application) wants to access your account", page.selectFirst("h1").text());
            assertTrue(page.title().startsWith("Photo Printer (unverified application) wants to access your account"), page.title());
            assertNotNull(page.getElementById("unverified-client"));
        }

        @Test
        void whenAnAdministratorCreatedTheClientThenTheConsentPageHasNoNotice() {
            Browser browser = new Browser();
            Response consent = AuthorizationCodeFlowTest.signIn(browser,
                    browser.get(AuthorizationCodeFlowTest.query(AuthorizationCodeFlowTest.request(TestClients.publicClient(), Pkce.create(), "u3"))),
                    TestUsers.create().username());
            Document page = Jsoup.parse(consent.asString());
            assertEquals("Example App wants to access your account", page.selectFirst("h1").text());
            assertNull(page.getElementById("unverified-client"));
        }
    }
}
