package dev.portcullis.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import dev.portcullis.acceptance.browser.Browser;
import dev.portcullis.acceptance.client.AdminApi;
import dev.portcullis.acceptance.client.Provider;
import dev.portcullis.acceptance.client.RedirectCatcher;
import dev.portcullis.acceptance.client.RegisteredClient;
import dev.portcullis.acceptance.stack.PortcullisStack;
import dev.portcullis.acceptance.stack.StackExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * RFC 6749 §4.1.2.1 and §10.15: until the redirect URI is known to be registered, errors are shown
 * on our own page and never redirect (no open redirector); once it is, errors go back to the
 * client with {@code state}.
 */
@ExtendWith(StackExtension.class)
@DisplayName("Authorization endpoint errors (RFC 6749 §4.1.2.1)")
class AuthorizationEndpointErrorsTest {
    static final URI UNREGISTERED = URI.create("https://attacker.example/steal");
    static PortcullisStack stack;
    static Provider provider;
    static RegisteredClient client;
    static HttpClient http;

    @BeforeAll
    static void setUp() {
        stack = PortcullisStack.get();
        provider = Provider.discover(stack);
        client = new AdminApi(stack).webClient("authz-err", RedirectCatcher.get().redirectUri(), Map.of());
        http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Nested
    @DisplayName("§4.1.2.1 the redirect URI is not trusted: our own error page")
    class NeverRedirected {
        @Test
        void whenRedirectUriIsNotRegisteredThenErrorPageAndNoRedirect() throws Exception {
            HttpResponse<String> response = get(request(client.id().getValue(), UNREGISTERED, ResponseType.CODE, new Scope("openid")));
            assertErrorPageWithoutRedirect(response);
        }

        @Test
        void whenClientIsUnknownThenErrorPageAndNoRedirect() throws Exception {
            HttpResponse<String> response = get(request(AdminApi.uniqueId("nobody"), client.redirectUri(),
                    ResponseType.CODE, new Scope("openid")));
            assertErrorPageWithoutRedirect(response);
        }

        @Test
        void whenRedirectUriOnlySharesAPrefixWithARegisteredOneThenNoRedirect() throws Exception {
            URI longer = URI.create(client.redirectUri() + "/../../evil");
            assertErrorPageWithoutRedirect(get(request(client.id().getValue(), longer, ResponseType.CODE, new Scope("openid"))));
        }

        @Test
        void whenAPersonOpensSuchALinkThenTheBrowserStaysOnTheIssuer() {
            try (Browser browser = Browser.open()) {
                browser.go(request(client.id().getValue(), UNREGISTERED, ResponseType.CODE, new Scope("openid")));
                browser.screenshot("error-unregistered-redirect-uri");
                URI at = browser.currentUri();
                assertEquals(URI.create(stack.issuer()).getAuthority(), at.getAuthority(), "browser left the issuer: " + at);
                assertFalse(browser.text().contains("Exception"), "stack trace on the error page");
            }
        }
    }

    @Nested
    @DisplayName("§4.1.2.1 the redirect URI is registered: errors go back to the client")
    class ReturnedToTheClient {
        @Test
        void whenResponseTypeIsUnsupportedThenRedirectWithUnsupportedResponseTypeAndState() throws Exception {
            State state = new State();
            // Nimbus will not build an OIDC request with an unknown response_type, so the URI is written out.
            URI uri = URI.create(provider.metadata().getAuthorizationEndpointURI() + "?response_type=unknown_type"
                    + "&client_id=" + client.clientId() + "&scope=openid&state=" + state.getValue()
                    + "&redirect_uri=" + java.net.URLEncoder.encode(client.redirectUri().toString(), java.nio.charset.StandardCharsets.UTF_8));
            AuthorizationErrorResponse error = redirectedError(get(uri));
            assertEquals("unsupported_response_type", error.getErrorObject().getCode());
            assertEquals(state, error.getState());
        }

        @Test
        void whenScopeIsNotAllowedThenRedirectWithInvalidScope() throws Exception {
            AuthorizationErrorResponse error = redirectedError(get(request(client.id().getValue(), client.redirectUri(),
                    ResponseType.CODE, new Scope("openid", "admin:everything"))));
            assertEquals("invalid_scope", error.getErrorObject().getCode());
        }
    }

    private static URI request(String clientId, URI redirectUri, ResponseType type, Scope scope) {
        return new AuthenticationRequest.Builder(type, scope, new com.nimbusds.oauth2.sdk.id.ClientID(clientId), redirectUri)
                .endpointURI(provider.metadata().getAuthorizationEndpointURI())
                .state(new State())
                .nonce(new Nonce())
                .codeChallenge(new CodeVerifier(), CodeChallengeMethod.S256)
                .build().toURI();
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).header("Accept", "text/html").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertErrorPageWithoutRedirect(HttpResponse<String> response) {
        assertFalse(response.headers().firstValue("Location").isPresent(),
                () -> "redirected to " + response.headers().firstValue("Location").orElse(""));
        assertEquals(400, response.statusCode(), response.body());
        assertFalse(response.body().contains("Exception"), "stack trace on the error page");
        assertFalse(response.body().toLowerCase().contains("http-equiv=\"refresh\""), "meta refresh on the error page");
    }

    private static AuthorizationErrorResponse redirectedError(HttpResponse<String> response) throws Exception {
        assertTrue(response.statusCode() == 302 || response.statusCode() == 303, () -> "status " + response.statusCode()
                + ": " + response.body());
        URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
        assertTrue(location.toString().startsWith(client.redirectUri().toString()), location.toString());
        return AuthorizationErrorResponse.parse(location);
    }
}
