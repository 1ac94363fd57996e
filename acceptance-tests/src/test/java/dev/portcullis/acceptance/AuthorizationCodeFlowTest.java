package dev.portcullis.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import dev.portcullis.acceptance.browser.Browser;
import dev.portcullis.acceptance.client.AdminApi;
import dev.portcullis.acceptance.client.CodeFlow;
import dev.portcullis.acceptance.client.IdTokens;
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
 * The authorization code flow with PKCE (RFC 6749 §4.1, RFC 7636) for a confidential and a public
 * client: a person signs in and consents in a real browser, Nimbus exchanges the code and
 * validates the ID token (OIDC Core §3.1.3.7) and the access token (RFC 9068).
 */
@ExtendWith(StackExtension.class)
@DisplayName("Authorization code + PKCE and ID token validation")
class AuthorizationCodeFlowTest {
    static final Scope SCOPE = new Scope("openid", "profile", "email", "api");
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
        person = admin.person("code");
        browser = Browser.open();
    }

    @AfterAll
    static void tearDown() {
        if (browser != null) {
            browser.close();
        }
    }

    @Nested
    @DisplayName("RFC 6749 §4.1.3 confidential client (client_secret_basic)")
    class ConfidentialClient {
        @Test
        void whenCodeIsExchangedWithItsVerifierThenTokensForTheUser() {
            RegisteredClient client = admin.webClient("code-conf", RedirectCatcher.get().redirectUri(), Map.of());
            CodeFlow.Result result = new CodeFlow(provider, browser).authorize(client, SCOPE,
                    person.username(), person.password());
            TokenResponse response = provider.token(client.basic(),
                    new AuthorizationCodeGrant(result.code(), client.redirectUri(), result.verifier()), null);
            OIDCTokens tokens = success(response);
            JWTClaimsSet access = provider.verifyAccessToken(tokens.getAccessToken().getValue());
            assertEquals(client.clientId(), access.getClaim("client_id"));
            IDTokenClaimsSet id = IdTokens.validate(provider, client.id(), tokens.getIDToken(), result.nonce(),
                    tokens.getAccessToken());
            assertEquals(access.getSubject(), id.getSubject().getValue(), "the access token is for the signed-in user");
        }
    }

    @Nested
    @DisplayName("RFC 7636 public client (token_endpoint_auth_method none)")
    class PublicClient {
        @Test
        void whenCodeIsExchangedWithItsVerifierAndNoSecretThenTokens() {
            RegisteredClient client = admin.publicClient("code-public", RedirectCatcher.get().redirectUri(), Map.of());
            CodeFlow.Result result = new CodeFlow(provider, browser).authorize(client, SCOPE,
                    person.username(), person.password());
            TokenResponse response = provider.token(client.id(),
                    new AuthorizationCodeGrant(result.code(), client.redirectUri(), result.verifier()));
            OIDCTokens tokens = success(response);
            IdTokens.validate(provider, client.id(), tokens.getIDToken(), result.nonce(), tokens.getAccessToken());
        }
    }

    @Nested
    @DisplayName("OIDC Core §3.1.3.7 ID token validation")
    class IdTokenValidation {
        @Test
        void whenIdTokenIsValidatedThenItCarriesTheNonceAudienceAndAuthenticationTime() {
            RegisteredClient client = admin.webClient("idtoken", RedirectCatcher.get().redirectUri(), Map.of());
            CodeFlow.Result result = new CodeFlow(provider, browser).authorize(client, SCOPE,
                    person.username(), person.password());
            OIDCTokens tokens = success(provider.token(client.basic(),
                    new AuthorizationCodeGrant(result.code(), client.redirectUri(), result.verifier()), null));
            IDTokenClaimsSet claims = IdTokens.validate(provider, client.id(), tokens.getIDToken(), result.nonce(),
                    tokens.getAccessToken());
            assertEquals(result.nonce(), claims.getNonce());
            assertEquals(stack.issuer(), claims.getIssuer().getValue());
            assertTrue(claims.getAudience().stream().anyMatch(a -> a.getValue().equals(client.clientId())));
            assertNotNull(claims.getAuthenticationTime(), "auth_time");
            assertNotNull(claims.getSubject());
        }
    }

    static OIDCTokens success(TokenResponse response) {
        assertTrue(response.indicatesSuccess(), () -> "token error: " + response.toErrorResponse().getErrorObject().toJSONObject());
        return ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
    }
}
