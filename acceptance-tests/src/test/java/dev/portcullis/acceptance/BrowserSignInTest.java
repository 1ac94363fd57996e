package dev.portcullis.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import dev.portcullis.acceptance.browser.AuthorizationPages;
import dev.portcullis.acceptance.browser.AuthorizationPages.Page;
import dev.portcullis.acceptance.browser.Browser;
import dev.portcullis.acceptance.client.AdminApi;
import dev.portcullis.acceptance.client.CodeFlow;
import dev.portcullis.acceptance.client.Provider;
import dev.portcullis.acceptance.client.RedirectCatcher;
import dev.portcullis.acceptance.client.RegisteredClient;
import dev.portcullis.acceptance.stack.PortcullisStack;
import dev.portcullis.acceptance.stack.StackExtension;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A person in a real browser: mistypes the password, signs in, consents, comes back and is not
 * asked again, declines, and signs out. Screenshots of the pages go to {@code target/screenshots}.
 */
@ExtendWith(StackExtension.class)
@DisplayName("A person signs in with a real browser")
class BrowserSignInTest {
    static final Scope SCOPE = new Scope("openid", "profile", "email");
    static PortcullisStack stack;
    static Provider provider;
    static AdminApi admin;
    static AdminApi.Person person;

    @BeforeAll
    static void setUp() {
        stack = PortcullisStack.get();
        provider = Provider.discover(stack);
        admin = new AdminApi(stack);
        person = admin.person("browser");
    }

    @Nested
    @DisplayName("login page")
    class Login {
        @Test
        void whenPasswordIsWrongThenTheLoginPageSaysSoAndTheRightOneThenWorks() {
            RegisteredClient client = admin.webClient("browser-login", RedirectCatcher.get().redirectUri(), Map.of());
            try (Browser browser = Browser.open()) {
                AuthorizationPages pages = new AuthorizationPages(browser);
                CodeFlow flow = new CodeFlow(provider, browser);
                CodeFlow.Started started = flow.request(client, SCOPE);
                browser.go(started.request().toURI());
                assertEquals(Page.LOGIN, pages.await(client.redirectUri().toString()));
                browser.screenshot("login");

                pages.signIn(person.username(), "wrong-" + person.password());
                assertEquals(Page.LOGIN, pages.await(client.redirectUri().toString()), "still asked to sign in");
                browser.screenshot("login-wrong-password");
                assertFalse(browser.find(org.openqa.selenium.By.cssSelector("[role=alert]")).isEmpty(),
                        "the login page says the sign-in failed");
                assertOnIssuer(browser);
                assertFalse(browser.text().contains(person.password()), "the page echoes the password");

                pages.signIn(person.username(), person.password());
                assertEquals(Page.CONSENT, pages.await(client.redirectUri().toString()));
                browser.screenshot("consent");
                assertOnIssuer(browser);
                pages.approve();
                URI back = browser.awaitAddressStartingWith(client.redirectUri().toString());
                assertTrue(back.getQuery().contains("code="), back.toString());
            }
        }
    }

    @Nested
    @DisplayName("consent page")
    class Consent {
        @Test
        void whenThePersonComesBackInANewBrowserThenConsentIsRemembered() {
            RegisteredClient client = admin.webClient("browser-remember", RedirectCatcher.get().redirectUri(), Map.of());
            try (Browser first = Browser.open()) {
                CodeFlow.Result result = new CodeFlow(provider, first).authorize(client, SCOPE,
                        person.username(), person.password());
                assertTrue(result.consentShown(), "the first time, the person is asked");
            }
            try (Browser second = Browser.open()) {
                CodeFlow.Result result = new CodeFlow(provider, second).authorize(client, SCOPE,
                        person.username(), person.password());
                assertTrue(result.loginShown(), "a new browser has no session");
                assertFalse(result.consentShown(), "consent given before is remembered");
                assertNotNull(result.code());
            }
        }

        @Test
        void whenThePersonDeclinesThenTheClientGetsAccessDenied() throws Exception {
            RegisteredClient client = admin.webClient("browser-deny", RedirectCatcher.get().redirectUri(), Map.of());
            try (Browser browser = Browser.open()) {
                AuthorizationPages pages = new AuthorizationPages(browser);
                CodeFlow.Started started = new CodeFlow(provider, browser).request(client, SCOPE);
                browser.go(started.request().toURI());
                assertEquals(Page.LOGIN, pages.await(client.redirectUri().toString()));
                pages.signIn(person.username(), person.password());
                assertEquals(Page.CONSENT, pages.await(client.redirectUri().toString()));
                pages.deny();
                URI back = browser.awaitAddressStartingWith(client.redirectUri().toString());
                AuthorizationErrorResponse error = AuthorizationErrorResponse.parse(back);
                assertEquals("access_denied", error.getErrorObject().getCode());
                assertEquals(started.state(), error.getState());
            }
        }
    }

    @Nested
    @DisplayName("OIDC RP-Initiated Logout 1.0")
    class Logout {
        @Test
        void whenThePersonSignsOutThenTheNextAuthorizationAsksForTheLoginAgain() throws Exception {
            URI afterLogout = URI.create(RedirectCatcher.get().redirectUri() + "/logged-out");
            RegisteredClient client = admin.webClient("browser-logout", RedirectCatcher.get().redirectUri(),
                    Map.of("post_logout_redirect_uris", List.of(afterLogout.toString())));
            URI endSession = provider.metadata().getEndSessionEndpointURI();
            assertNotNull(endSession, "end_session_endpoint is advertised");
            try (Browser browser = Browser.open()) {
                CodeFlow flow = new CodeFlow(provider, browser);
                CodeFlow.Result result = flow.authorize(client, SCOPE, person.username(), person.password());
                TokenResponse response = provider.token(client.basic(),
                        new AuthorizationCodeGrant(result.code(), client.redirectUri(), result.verifier()), null);
                assertTrue(response.indicatesSuccess(), () -> response.toErrorResponse().getErrorObject().toString());
                var idToken = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens().getIDToken();

                // Still signed in: no login page the second time.
                assertFalse(flow.authorize(client, SCOPE, person.username(), person.password()).loginShown());

                State state = new State();
                browser.go(new LogoutRequest(endSession, idToken, afterLogout, state).toURI());
                AuthorizationPages pages = new AuthorizationPages(browser);
                if (pages.await(afterLogout.toString()) != Page.REDIRECTED) {
                    // A confirmation page ("Sign out?") is allowed; the person confirms it.
                    pages.confirmSignOut();
                }
                URI back = browser.awaitAddressStartingWith(afterLogout.toString());
                assertTrue(back.getQuery() != null && back.getQuery().contains("state=" + state.getValue()), back.toString());

                assertTrue(flow.authorize(client, SCOPE, person.username(), person.password()).loginShown(),
                        "after logout the person must sign in again");
            }
        }
    }

    private static void assertOnIssuer(Browser browser) {
        assertEquals(URI.create(stack.issuer()).getAuthority(), browser.currentUri().getAuthority());
    }
}
