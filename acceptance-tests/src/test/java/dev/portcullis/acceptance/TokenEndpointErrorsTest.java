package dev.portcullis.acceptance;

import static dev.portcullis.acceptance.client.StandardErrors.assertTokenError;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.portcullis.acceptance.client.AdminApi;
import dev.portcullis.acceptance.client.Provider;
import dev.portcullis.acceptance.client.RegisteredClient;
import dev.portcullis.acceptance.stack.PortcullisStack;
import dev.portcullis.acceptance.stack.StackExtension;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every mistake a client can make on purpose at the token endpoint gets the RFC 6749 §5.2 error
 * a standard client library understands, never a 500, and the client keeps working afterwards.
 */
@ExtendWith(StackExtension.class)
@DisplayName("Token endpoint errors (RFC 6749 §5.2)")
class TokenEndpointErrorsTest {
    static PortcullisStack stack;
    static Provider provider;
    static RegisteredClient basicClient;
    static RegisteredClient postClient;

    @BeforeAll
    static void setUp() {
        stack = PortcullisStack.get();
        provider = Provider.discover(stack);
        AdminApi admin = new AdminApi(stack);
        basicClient = admin.machineClient("err-basic", "client_secret_basic", Map.of());
        postClient = admin.machineClient("err-post", "client_secret_post", Map.of());
    }

    @Nested
    @DisplayName("invalid_client: client authentication failed")
    class InvalidClient {
        @Test
        void whenBasicSecretIsWrongThen401InvalidClientWithBasicChallenge() throws IOException {
            HTTPResponse response = send(new TokenRequest(tokenEndpoint(),
                    new ClientSecretBasic(basicClient.id(), new Secret("wrong-" + basicClient.secret())),
                    new ClientCredentialsGrant(), new Scope("api")));
            assertTokenError(response, 401, "invalid_client");
            String challenge = response.getHeaderValue("WWW-Authenticate");
            assertNotNull(challenge, "§5.2: WWW-Authenticate when the client used the Authorization header");
            assertTrue(challenge.startsWith("Basic"), challenge);
        }

        @Test
        void whenPostSecretIsWrongThenInvalidClient() throws IOException {
            HTTPResponse response = send(new TokenRequest(tokenEndpoint(),
                    new ClientSecretPost(postClient.id(), new Secret("wrong-" + postClient.secret())),
                    new ClientCredentialsGrant(), new Scope("api")));
            assertTokenError(response, 401, "invalid_client");
        }

        @Test
        void whenClientIsUnknownThenInvalidClient() throws IOException {
            HTTPResponse response = send(new TokenRequest(tokenEndpoint(),
                    new ClientSecretBasic(new com.nimbusds.oauth2.sdk.id.ClientID(AdminApi.uniqueId("nobody")),
                            new Secret("whatever-secret")),
                    new ClientCredentialsGrant(), new Scope("api")));
            assertTokenError(response, 401, "invalid_client");
        }

        @Test
        void whenASecretWasWrongThenTheRightOneStillWorks() throws IOException {
            send(new TokenRequest(tokenEndpoint(), new ClientSecretBasic(basicClient.id(), new Secret("not-it")),
                    new ClientCredentialsGrant(), new Scope("api")));
            HTTPResponse response = send(new TokenRequest(tokenEndpoint(), basicClient.basic(),
                    new ClientCredentialsGrant(), new Scope("api")));
            org.junit.jupiter.api.Assertions.assertEquals(200, response.getStatusCode(), response.getBody());
        }
    }

    @Nested
    @DisplayName("unsupported_grant_type")
    class UnsupportedGrantType {
        @Test
        void whenGrantTypeIsUnknownThenUnsupportedGrantType() throws Exception {
            HTTPRequest request = new HTTPRequest(HTTPRequest.Method.POST, tokenEndpoint());
            request.setContentType("application/x-www-form-urlencoded");
            request.setAuthorization(((ClientSecretBasic) basicClient.basic()).toHTTPAuthorizationHeader());
            request.setBody("grant_type=urn%3Aexample%3Aunknown-grant&scope=api");
            assertTokenError(request.send(), 400, "unsupported_grant_type");
        }
    }

    @Nested
    @DisplayName("invalid_scope")
    class InvalidScope {
        @Test
        void whenScopeIsNotAllowedForTheClientThenInvalidScope() throws IOException {
            HTTPResponse response = send(new TokenRequest(tokenEndpoint(), basicClient.basic(),
                    new ClientCredentialsGrant(), new Scope("admin:everything")));
            assertTokenError(response, 400, "invalid_scope");
        }
    }

    private static URI tokenEndpoint() {
        return provider.metadata().getTokenEndpointURI();
    }

    private static HTTPResponse send(TokenRequest request) throws IOException {
        return request.toHTTPRequest().send();
    }
}
