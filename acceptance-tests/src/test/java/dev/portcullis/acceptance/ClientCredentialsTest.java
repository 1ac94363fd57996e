package dev.portcullis.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.AccessTokenType;
import dev.portcullis.acceptance.client.AdminApi;
import dev.portcullis.acceptance.client.Provider;
import dev.portcullis.acceptance.client.RegisteredClient;
import dev.portcullis.acceptance.stack.PortcullisStack;
import dev.portcullis.acceptance.stack.StackExtension;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * RFC 6749 §4.4: a service gets a token for itself with its own credentials, sent either way
 * §2.3.1 allows, and the token is an RFC 9068 JWT a resource server verifies offline.
 */
@ExtendWith(StackExtension.class)
@DisplayName("Client credentials grant (RFC 6749 §4.4)")
class ClientCredentialsTest {
    static PortcullisStack stack;
    static Provider provider;
    static AdminApi admin;

    @BeforeAll
    static void discover() {
        stack = PortcullisStack.get();
        provider = Provider.discover(stack);
        admin = new AdminApi(stack);
    }

    @Nested
    @DisplayName("RFC 6749 §2.3.1 client_secret_basic")
    class BasicAuthentication {
        @Test
        void whenCredentialsInAuthorizationHeaderThenBearerTokenForTheClient() {
            RegisteredClient client = admin.machineClient("cc-basic", "client_secret_basic", Map.of());
            AccessTokenResponse response = success(provider.token(client.basic(), new ClientCredentialsGrant(), new Scope("api")));
            assertIssuedTo(client, response);
        }

        @Test
        void whenTheSeededDemoClientAsksThenItGetsAToken() {
            // up.sh seeds it, and the README's first curl is exactly this request.
            RegisteredClient demo = new RegisteredClient(stack.demo().clientId(), stack.demo().clientSecret(), null);
            AccessTokenResponse response = success(provider.token(demo.basic(), new ClientCredentialsGrant(), new Scope("api")));
            assertEquals(demo.clientId(), provider.verifyAccessToken(
                    response.getTokens().getAccessToken().getValue()).getClaim("client_id"));
        }
    }

    @Nested
    @DisplayName("RFC 6749 §2.3.1 client_secret_post")
    class PostAuthentication {
        @Test
        void whenCredentialsInTheBodyThenBearerTokenForTheClient() {
            RegisteredClient client = admin.machineClient("cc-post", "client_secret_post", Map.of());
            AccessTokenResponse response = success(provider.token(client.post(), new ClientCredentialsGrant(), new Scope("api")));
            assertIssuedTo(client, response);
        }
    }

    @Nested
    @DisplayName("RFC 6749 §5.1 successful response")
    class SuccessfulResponse {
        @Test
        void whenIssuedThenResponseIsNotCachedAndHasNoRefreshToken() throws Exception {
            RegisteredClient client = admin.machineClient("cc-headers", "client_secret_basic", Map.of());
            HTTPResponse http = new TokenRequest(provider.metadata().getTokenEndpointURI(), client.basic(),
                    new ClientCredentialsGrant(), new Scope("api")).toHTTPRequest().send();
            assertEquals(200, http.getStatusCode());
            assertEquals("no-store", http.getHeaderValue("Cache-Control"));
            assertTrue(http.getHeaderValue("Content-Type").startsWith("application/json"));
            AccessTokenResponse response = AccessTokenResponse.parse(http);
            // §4.4.3: a refresh token SHOULD NOT be included.
            assertNull(response.getTokens().getRefreshToken());
        }
    }

    private static AccessTokenResponse success(TokenResponse response) {
        assertTrue(response.indicatesSuccess(), () -> "token error: " + response.toErrorResponse().getErrorObject().toJSONObject());
        return response.toSuccessResponse();
    }

    private static void assertIssuedTo(RegisteredClient client, AccessTokenResponse response) {
        assertEquals(AccessTokenType.BEARER, response.getTokens().getAccessToken().getType());
        assertTrue(response.getTokens().getAccessToken().getLifetime() > 0, "expires_in");
        JWTClaimsSet claims = provider.verifyAccessToken(response.getTokens().getAccessToken().getValue());
        assertEquals(client.clientId(), claims.getClaim("client_id"));
        assertEquals(stack.issuer(), claims.getIssuer());
        assertEquals("api", claims.getClaim("scope"));
        assertTrue(claims.getExpirationTime().after(claims.getIssueTime()));
    }
}
