package dev.portcullis.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationErrorResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientInformation;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientInformationResponse;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientMetadata;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientRegistrationRequest;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientRegistrationResponseParser;
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
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * Tried as a new user would, on the local runner's open registration: an application registered
 * by anyone cannot call itself the server's security team, and an ordinary one is shown as an
 * unverified application on the real sign-in and consent pages in Chromium. Screenshots:
 * {@code login-unverified.png}, {@code consent-unverified.png}.
 */
@ExtendWith(StackExtension.class)
@DisplayName("A self-registered application is shown as unverified")
class UnverifiedApplicationTest {
    static final Scope SCOPE = new Scope("openid", "profile");
    static PortcullisStack stack;
    static Provider provider;
    static AdminApi admin;
    static AdminApi.Person person;

    @BeforeAll
    static void setUp() {
        stack = PortcullisStack.get();
        provider = Provider.discover(stack);
        admin = new AdminApi(stack);
        person = admin.person("unverified");
    }

    private static OIDCClientMetadata metadata(String name, URI redirectUri) {
        OIDCClientMetadata metadata = new OIDCClientMetadata();
        metadata.setName(name);
        metadata.setRedirectionURI(redirectUri);
        metadata.setGrantTypes(Set.of(GrantType.AUTHORIZATION_CODE));
        metadata.setResponseTypes(Set.of(ResponseType.CODE));
        metadata.setTokenEndpointAuthMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
        metadata.setScope(SCOPE);
        return metadata;
    }

    private static HTTPResponse register(OIDCClientMetadata metadata) throws Exception {
        return new OIDCClientRegistrationRequest(provider.metadata().getRegistrationEndpointURI(), metadata, null)
                .toHTTPRequest().send();
    }

    @Test
    void whenAnAnonymousClientCallsItselfThePortcullisSecurityTeamThenRegistrationIsRefused() throws Exception {
        HTTPResponse response = register(metadata("Portcullis Security Team — please re-enter your password",
                RedirectCatcher.get().redirectUri()));
        assertEquals(400, response.getStatusCode());
        assertEquals("invalid_client_metadata", ClientRegistrationErrorResponse.parse(response).getErrorObject().getCode());
    }

    @Test
    void whenASelfRegisteredClientAsksThePersonThenSignInAndConsentCallItAnUnverifiedApplication() throws Exception {
        URI redirect = RedirectCatcher.get().redirectUri();
        var parsed = OIDCClientRegistrationResponseParser.parse(register(metadata("Photo Printer", redirect)));
        assertTrue(parsed.indicatesSuccess(), () -> parsed.toString());
        OIDCClientInformation info = ((OIDCClientInformationResponse) parsed).getOIDCClientInformation();
        RegisteredClient client = new RegisteredClient(info.getID().getValue(), info.getSecret().getValue(), redirect);

        try (Browser browser = Browser.open()) {
            AuthorizationPages pages = new AuthorizationPages(browser);
            CodeFlow.Started started = new CodeFlow(provider, browser).request(client, SCOPE);
            browser.go(started.request().toURI());
            assertEquals(Page.LOGIN, pages.await(redirect.toString()));
            browser.screenshot("login-unverified");
            assertEquals("to continue to Photo Printer (unverified application)",
                    browser.find(By.cssSelector("p.lead")).get(0).getText());
            assertFalse(browser.find(By.id("unverified-client")).isEmpty(), "the sign-in page explains it");

            pages.signIn(person.username(), person.password());
            assertEquals(Page.CONSENT, pages.await(redirect.toString()));
            browser.screenshot("consent-unverified");
            assertEquals("Photo Printer (unverified application) wants to access your account",
                    browser.find(By.tagName("h1")).get(0).getText());
            assertFalse(browser.find(By.id("unverified-client")).isEmpty(), "the consent page explains it");
        }
    }
}
