package dev.portcullis.acceptance;

import static dev.portcullis.acceptance.client.StandardErrors.assertTokenError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import dev.portcullis.acceptance.browser.Browser;
import dev.portcullis.acceptance.client.AdminApi;
import dev.portcullis.acceptance.client.CodeFlow;
import dev.portcullis.acceptance.client.HttpIntrospection;
import dev.portcullis.acceptance.client.Provider;
import dev.portcullis.acceptance.client.RedirectCatcher;
import dev.portcullis.acceptance.client.RegisteredClient;
import dev.portcullis.acceptance.stack.PortcullisStack;
import dev.portcullis.acceptance.stack.StackExtension;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The mistakes a client can make with an authorization code, on purpose or by a bug, each get the
 * standard {@code invalid_grant} (RFC 6749 §5.2), and a replayed code costs the attacker what the
 * first redemption issued (§4.1.2, §10.5).
 */
@ExtendWith(StackExtension.class)
@DisplayName("Authorization code errors (RFC 6749 §5.2, RFC 7636 §4.6)")
class AuthorizationCodeErrorsTest {
    static PortcullisStack stack;
    static Provider provider;
    static AdminApi admin;
    static AdminApi.Person person;
    static Browser browser;

    @BeforeAll
    static void setUp() {
        stack = PortcullisStack.get();
        provider = Provider.discover(stack);
        admin = new AdminApi(stack);
        person = admin.person("code-err");
        browser = Browser.open();
    }

    @AfterAll
    static void tearDown() {
        if (browser != null) {
            browser.close();
        }
    }

    @Nested
    @DisplayName("RFC 7636 §4.6 code verifier")
    class WrongVerifier {
        @Test
        void whenVerifierDoesNotMatchThenInvalidGrantAndTheCodeIsUseless() throws Exception {
            RegisteredClient client = admin.webClient("err-verifier", RedirectCatcher.get().redirectUri(), Map.of());
            CodeFlow.Result result = authorize(client);
            HTTPResponse wrong = exchange(client, new AuthorizationCodeGrant(result.code(), client.redirectUri(), new CodeVerifier()));
            assertTokenError(wrong, 400, "invalid_grant");
        }

        @Test
        void whenVerifierIsMissingThenInvalidGrantOrInvalidRequest() throws Exception {
            RegisteredClient client = admin.webClient("err-noverifier", RedirectCatcher.get().redirectUri(), Map.of());
            CodeFlow.Result result = authorize(client);
            HTTPResponse missing = exchange(client, new AuthorizationCodeGrant(result.code(), client.redirectUri()));
            assertEquals(400, missing.getStatusCode());
            String error = missing.getBodyAsJSONObject().get("error").toString();
            // RFC 7636 §4.6 leaves the code to the server: invalid_grant, or invalid_request for a missing parameter.
            assertTrue(java.util.Set.of("invalid_grant", "invalid_request").contains(error), error);
        }
    }

    @Nested
    @DisplayName("RFC 6749 §4.1.2 a code is used once")
    class ReusedCode {
        @Test
        void whenCodeIsRedeemedTwiceThenInvalidGrantAndTheFirstTokensAreRevoked() throws Exception {
            RegisteredClient client = admin.webClient("err-reuse", RedirectCatcher.get().redirectUri(),
                    Map.of("can_introspect", true));
            CodeFlow.Result result = authorize(client);
            AuthorizationCodeGrant grant = new AuthorizationCodeGrant(result.code(), client.redirectUri(), result.verifier());
            HTTPResponse first = exchange(client, grant);
            assertEquals(200, first.getStatusCode(), first.getBody());
            OIDCTokens tokens = OIDCTokenResponse.parse(first).getOIDCTokens();

            assertTokenError(exchange(client, grant), 400, "invalid_grant");
            // §4.1.2: the server SHOULD revoke all tokens previously issued based on that code.
            assertFalse(new HttpIntrospection(provider).introspect(client.basic(), tokens.getAccessToken()).isActive());
        }
    }

    @Nested
    @DisplayName("RFC 6749 §4.1.3 redirect_uri must match the authorization request")
    class RedirectMismatch {
        @Test
        void whenRedirectUriDiffersFromTheRequestThenInvalidGrant() throws Exception {
            RegisteredClient client = admin.webClient("err-redirect", RedirectCatcher.get().redirectUri(), Map.of());
            CodeFlow.Result result = authorize(client);
            HTTPResponse response = exchange(client, new AuthorizationCodeGrant(result.code(),
                    java.net.URI.create(client.redirectUri() + "/other"), result.verifier()));
            assertTokenError(response, 400, "invalid_grant");
        }
    }

    private static CodeFlow.Result authorize(RegisteredClient client) {
        return new CodeFlow(provider, browser).authorize(client, new Scope("openid", "api"),
                person.username(), person.password());
    }

    private static HTTPResponse exchange(RegisteredClient client, AuthorizationCodeGrant grant) throws Exception {
        return new TokenRequest(provider.metadata().getTokenEndpointURI(), client.basic(), grant).toHTTPRequest().send();
    }
}
