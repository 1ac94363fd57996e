package dev.portcullis.acceptance;

import static dev.portcullis.acceptance.client.StandardErrors.assertTokenError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
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
 * RFC 6749 §6 with rotation (OAuth 2.0 Security BCP §4.14.2): each refresh returns a new refresh
 * token, and presenting a rotated one again is treated as theft: {@code invalid_grant}, and the
 * whole family, including the newest token, stops working.
 */
@ExtendWith(StackExtension.class)
@DisplayName("Refresh with rotation and reuse detection (RFC 6749 §6)")
class RefreshTokenTest {
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
        person = admin.person("refresh");
        browser = Browser.open();
    }

    @AfterAll
    static void tearDown() {
        if (browser != null) {
            browser.close();
        }
    }

    @Nested
    @DisplayName("§6 refreshing an access token")
    class Rotation {
        @Test
        void whenRefreshedThenNewAccessTokenAndANewRefreshToken() {
            RegisteredClient client = admin.webClient("refresh-rotate", RedirectCatcher.get().redirectUri(), Map.of());
            Tokens first = signIn(client);
            Tokens second = refresh(client, first.getRefreshToken());
            assertNotEquals(first.getAccessToken().getValue(), second.getAccessToken().getValue());
            assertNotNull(second.getRefreshToken(), "rotation returns a new refresh token");
            assertNotEquals(first.getRefreshToken().getValue(), second.getRefreshToken().getValue());
            assertEquals(client.clientId(), provider.verifyAccessToken(second.getAccessToken().getValue()).getClaim("client_id"));
            // The new one works in turn.
            assertNotNull(refresh(client, second.getRefreshToken()).getAccessToken());
        }

        @Test
        void whenRefreshingWithANarrowerScopeThenTheNewTokenHasOnlyThatScope() throws Exception {
            RegisteredClient client = admin.webClient("refresh-narrow", RedirectCatcher.get().redirectUri(), Map.of());
            Tokens first = signIn(client);
            TokenResponse response = provider.token(client.basic(), new RefreshTokenGrant(first.getRefreshToken()), new Scope("api"));
            assertTrue(response.indicatesSuccess(), () -> response.toErrorResponse().getErrorObject().toString());
            assertEquals("api", provider.verifyAccessToken(
                    response.toSuccessResponse().getTokens().getAccessToken().getValue()).getClaim("scope"));
        }
    }

    @Nested
    @DisplayName("reuse detection: a rotated refresh token presented again")
    class ReuseDetection {
        @Test
        void whenARotatedTokenIsReusedThenInvalidGrantAndTheWholeFamilyIsRevoked() throws Exception {
            RegisteredClient client = admin.webClient("refresh-reuse", RedirectCatcher.get().redirectUri(),
                    Map.of("can_introspect", true));
            Tokens first = signIn(client);
            Tokens second = refresh(client, first.getRefreshToken());

            assertTokenError(refreshRaw(client, first.getRefreshToken()), 400, "invalid_grant");
            assertTokenError(refreshRaw(client, second.getRefreshToken()), 400, "invalid_grant");
            assertFalse(new HttpIntrospection(provider).introspect(client.basic(), second.getAccessToken()).isActive(),
                    "the access token issued with the newest refresh token is revoked with its family");
        }

        @Test
        void whenAnotherClientPresentsTheRefreshTokenThenInvalidGrant() throws Exception {
            RegisteredClient owner = admin.webClient("refresh-owner", RedirectCatcher.get().redirectUri(), Map.of());
            RegisteredClient thief = admin.webClient("refresh-thief", RedirectCatcher.get().redirectUri(), Map.of());
            Tokens tokens = signIn(owner);
            assertTokenError(refreshRaw(thief, tokens.getRefreshToken()), 400, "invalid_grant");
        }
    }

    @Nested
    @DisplayName("RFC 7009 revoking a refresh token")
    class Revocation {
        @Test
        void whenTheRefreshTokenIsRevokedThenIntrospectionSaysInactiveAndItNoLongerRefreshes() throws Exception {
            RegisteredClient client = admin.webClient("refresh-revoke", RedirectCatcher.get().redirectUri(),
                    Map.of("can_introspect", true));
            Tokens tokens = signIn(client);
            HttpIntrospection introspection = new HttpIntrospection(provider);
            assertTrue(introspection.introspect(client.basic(), tokens.getRefreshToken()).isActive());
            assertEquals(200, introspection.revoke(client.basic(), tokens.getRefreshToken()).getStatusCode());
            assertFalse(introspection.introspect(client.basic(), tokens.getRefreshToken()).isActive());
            assertTokenError(refreshRaw(client, tokens.getRefreshToken()), 400, "invalid_grant");
        }
    }

    private static Tokens signIn(RegisteredClient client) {
        CodeFlow.Result result = new CodeFlow(provider, browser).authorize(client,
                new Scope("openid", "offline_access", "api"), person.username(), person.password());
        TokenResponse response = provider.token(client.basic(),
                new AuthorizationCodeGrant(result.code(), client.redirectUri(), result.verifier()), null);
        assertTrue(response.indicatesSuccess(), () -> response.toErrorResponse().getErrorObject().toString());
        Tokens tokens = response.toSuccessResponse().getTokens();
        assertNotNull(tokens.getRefreshToken(), "a refresh token for offline_access");
        return tokens;
    }

    private static Tokens refresh(RegisteredClient client, RefreshToken token) {
        TokenResponse response = provider.token(client.basic(), new RefreshTokenGrant(token), null);
        assertTrue(response.indicatesSuccess(), () -> response.toErrorResponse().getErrorObject().toString());
        return ((AccessTokenResponse) response.toSuccessResponse()).getTokens();
    }

    private static com.nimbusds.oauth2.sdk.http.HTTPResponse refreshRaw(RegisteredClient client, RefreshToken token)
            throws Exception {
        return new TokenRequest(provider.metadata().getTokenEndpointURI(), client.basic(), new RefreshTokenGrant(token))
                .toHTTPRequest().send();
    }
}
