package dev.portcullis.acceptance;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import dev.portcullis.acceptance.browser.AuthorizationPages;
import dev.portcullis.acceptance.browser.AuthorizationPages.Page;
import dev.portcullis.acceptance.browser.Browser;
import dev.portcullis.acceptance.client.AdminApi;
import dev.portcullis.acceptance.client.HttpIntrospection;
import dev.portcullis.acceptance.client.Provider;
import dev.portcullis.acceptance.client.RegisteredClient;
import dev.portcullis.acceptance.rp.PortcullisStackResource;
import dev.portcullis.acceptance.stack.PortcullisStack;
import dev.portcullis.acceptance.stack.StackExtension;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * quarkus-oidc, configured with nothing but our issuer URL, as a web-app relying party (code flow
 * + PKCE, a person signing in through a real browser) and as bearer-token resource servers that
 * accept our access tokens and refuse expired and revoked ones.
 */
@QuarkusTest
@WithTestResource(PortcullisStackResource.class)
@ExtendWith(StackExtension.class)
@DisplayName("quarkus-oidc as relying party and resource server")
class QuarkusOidcTest {
    @TestHTTPResource("/web")
    URL webPage;

    PortcullisStack stack;
    Provider provider;
    AdminApi admin;

    @BeforeEach
    void setUp() {
        stack = PortcullisStack.get();
        provider = Provider.discover(stack);
        admin = new AdminApi(stack);
    }

    @Nested
    @DisplayName("web-app tenant: OIDC Core §3.1 code flow with PKCE")
    class WebApplication {
        @Test
        void whenAPersonOpensAProtectedPageThenTheySignInAtTheIssuerAndComeBackSignedIn() throws Exception {
            AdminApi.Person person = admin.person("quarkus-rp");
            try (Browser browser = Browser.open()) {
                AuthorizationPages pages = new AuthorizationPages(browser);
                browser.go(webPage.toURI());
                assertEquals(Page.LOGIN, pages.await(null), "quarkus-oidc sent the browser to our login page");
                assertEquals(URI.create(stack.issuer()).getAuthority(), browser.currentUri().getAuthority());
                browser.screenshot("quarkus-rp-login");
                pages.signIn(person.username(), person.password());
                if (pages.await(webPage.toString()) == Page.CONSENT) {
                    browser.screenshot("quarkus-rp-consent");
                    pages.approve();
                }
                browser.awaitAddressStartingWith(webPage.toString());
                // The page shows the subject of the ID token quarkus-oidc validated: the person who signed in.
                assertEquals(person.sub(), browser.driver().findElement(org.openqa.selenium.By.id("sub")).getText());
            }
        }
    }

    @Nested
    @DisplayName("service tenant verifying with JWKS: RFC 6750 bearer tokens")
    class JwksResourceServer {
        @Test
        void whenOurAccessTokenIsPresentedThenTheRequestIsAccepted() {
            RegisteredClient client = admin.machineClient("quarkus-bearer", "client_secret_basic", Map.of());
            AccessToken token = issue(client);
            String principal = given().auth().oauth2(token.getValue()).get("/api/me").then().statusCode(200).extract().asString();
            assertEquals(provider.verifyAccessToken(token.getValue()).getSubject(), principal);
        }

        @Test
        void whenNoTokenIsPresentedThen401() {
            given().get("/api/me").then().statusCode(401);
        }

        @Test
        void whenTheTokenIsTamperedWithThen401() {
            String token = issue(admin.machineClient("quarkus-tamper", "client_secret_basic", Map.of())).getValue();
            String[] parts = token.split("\\.");
            String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
            given().auth().oauth2(forged).get("/api/me").then().statusCode(401);
        }

        @Test
        void whenTheTokenHasExpiredThen401() throws Exception {
            RegisteredClient client = admin.machineClient("quarkus-expiry", "client_secret_basic",
                    Map.of("access_token_ttl", 1));
            AccessToken token = issue(client);
            JWTClaimsSet claims = provider.verifyAccessToken(token.getValue());
            // Waiting for expiry, not timing anything: the assertion is on the status.
            Instant expiry = claims.getExpirationTime().toInstant();
            while (!Instant.now().isAfter(expiry.plusSeconds(1))) {
                Thread.sleep(200);
            }
            given().auth().oauth2(token.getValue()).get("/api/me").then().statusCode(401);
        }
    }

    @Nested
    @DisplayName("service tenant using introspection: RFC 7662 sees RFC 7009 revocation")
    class IntrospectingResourceServer {
        @Test
        void whenTheTokenIsRevokedThenTheNextRequestIsRefused() {
            RegisteredClient client = admin.machineClient("quarkus-revoke", "client_secret_basic", Map.of());
            AccessToken token = issue(client);
            given().auth().oauth2(token.getValue()).get("/introspected/me").then().statusCode(200);
            assertEquals(200, new HttpIntrospection(provider).revoke(client.basic(), token).getStatusCode());
            given().auth().oauth2(token.getValue()).get("/introspected/me").then().statusCode(401);
        }
    }

    private AccessToken issue(RegisteredClient client) {
        TokenResponse response = provider.token(client.basic(), new ClientCredentialsGrant(), new Scope("api"));
        assertTrue(response.indicatesSuccess(), () -> response.toErrorResponse().getErrorObject().toString());
        return response.toSuccessResponse().getTokens().getAccessToken();
    }
}
