package dev.portcullis.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.client.ClientDeleteRequest;
import com.nimbusds.oauth2.sdk.client.ClientReadRequest;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationErrorResponse;
import com.nimbusds.oauth2.sdk.client.RegistrationError;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientInformation;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientInformationResponse;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientMetadata;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientRegistrationRequest;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientRegistrationResponseParser;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientUpdateRequest;
import dev.portcullis.acceptance.client.Provider;
import dev.portcullis.acceptance.stack.PortcullisStack;
import dev.portcullis.acceptance.stack.StackExtension;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A relying party registers itself (RFC 7591, OIDC Dynamic Client Registration), then reads,
 * updates and deletes its registration with the registration access token (RFC 7592), all with
 * Nimbus' own request and response classes.
 */
@ExtendWith(StackExtension.class)
@DisplayName("Dynamic client registration and management (RFC 7591, RFC 7592)")
class DynamicRegistrationTest {
    static PortcullisStack stack;
    static Provider provider;

    @BeforeAll
    static void discover() {
        stack = PortcullisStack.get();
        provider = Provider.discover(stack);
    }

    @Nested
    @DisplayName("RFC 7591 §3.2.1 client information response")
    class Registration {
        @Test
        void whenRegisteredThenClientGetsIdSecretAndManagementCredentials() throws Exception {
            OIDCClientInformation info = register(metadata("https://rp.example/cb"));
            assertNotNull(info.getID());
            assertNotNull(info.getSecret(), "a confidential client gets a secret");
            assertNotNull(info.getRegistrationURI(), "registration_client_uri (RFC 7592 §3)");
            assertTrue(info.getRegistrationURI().toString().startsWith(stack.issuer() + "/"));
            assertNotNull(info.getRegistrationAccessToken(), "registration_access_token (RFC 7592 §3)");
            assertEquals(List.of(URI.create("https://rp.example/cb")), List.copyOf(info.getMetadata().getRedirectionURIs()));
        }

        @Test
        void whenRegisteredThenTheNewClientCanGetTokens() throws Exception {
            OIDCClientInformation info = register(metadata("https://rp.example/cb"));
            TokenResponse response = provider.token(new ClientSecretBasic(info.getID(), info.getSecret()),
                    new ClientCredentialsGrant(), null);
            assertTrue(response.indicatesSuccess(), () -> response.toErrorResponse().getErrorObject().toString());
        }
    }

    @Nested
    @DisplayName("RFC 7591 §3.2.2 client registration error response")
    class RegistrationErrors {
        @Test
        void whenRedirectUriHasAFragmentThenInvalidRedirectUri() throws Exception {
            // Nimbus refuses to build such a request (RFC 6749 §3.1.2), so it goes as raw JSON.
            assertRegistrationError(rawRegistration("{\"redirect_uris\":[\"https://rp.example/cb#fragment\"],"
                    + "\"grant_types\":[\"authorization_code\"],\"response_types\":[\"code\"]}"),
                    RegistrationError.INVALID_REDIRECT_URI.getCode());
        }

        @Test
        void whenAWebAppRedirectsOverPlainHttpToAnotherHostThenInvalidRedirectUri() throws Exception {
            HTTPResponse response = new OIDCClientRegistrationRequest(registrationEndpoint(),
                    metadata("http://rp.example/cb"), null).toHTTPRequest().send();
            assertRegistrationError(response, RegistrationError.INVALID_REDIRECT_URI.getCode());
        }

        @Test
        void whenTheBodyIsNotJsonThenInvalidClientMetadata() throws Exception {
            assertRegistrationError(rawRegistration("{not json"), RegistrationError.INVALID_CLIENT_METADATA.getCode());
        }

        private static HTTPResponse rawRegistration(String json) throws Exception {
            HTTPRequest request = new HTTPRequest(HTTPRequest.Method.POST, registrationEndpoint());
            request.setContentType("application/json");
            request.setBody(json);
            return request.send();
        }

        private static void assertRegistrationError(HTTPResponse response, String code) throws ParseException {
            assertEquals(400, response.getStatusCode(), response.getBody());
            assertEquals("no-store", response.getHeaderValue("Cache-Control"));
            assertEquals(code, ClientRegistrationErrorResponse.parse(response).getErrorObject().getCode());
        }
    }

    @Nested
    @DisplayName("RFC 7592 §2 client configuration endpoint")
    class Management {
        @Test
        void whenReadWithTheRegistrationAccessTokenThenTheSameRegistration() throws Exception {
            OIDCClientInformation registered = register(metadata("https://rp.example/cb"));
            HTTPResponse response = new ClientReadRequest(registered.getRegistrationURI(),
                    registered.getRegistrationAccessToken()).toHTTPRequest().send();
            OIDCClientInformation read = parseInformation(response);
            assertEquals(registered.getID(), read.getID());
            assertEquals(registered.getMetadata().getRedirectionURIs(), read.getMetadata().getRedirectionURIs());
            assertEquals(registered.getMetadata().getName(), read.getMetadata().getName());
        }

        @Test
        void whenUpdatedThenTheNewMetadataIsServed() throws Exception {
            OIDCClientInformation registered = register(metadata("https://rp.example/cb"));
            OIDCClientMetadata changed = metadata("https://rp.example/new-cb");
            changed.setName("Renamed relying party");
            HTTPResponse response = new OIDCClientUpdateRequest(registered.getRegistrationURI(), registered.getID(),
                    registered.getRegistrationAccessToken(), changed, registered.getSecret()).toHTTPRequest().send();
            OIDCClientInformation updated = parseInformation(response);
            assertEquals(registered.getID(), updated.getID());
            assertEquals("Renamed relying party", updated.getMetadata().getName());
            assertEquals(Set.of(URI.create("https://rp.example/new-cb")), updated.getMetadata().getRedirectionURIs());
        }

        @Test
        void whenDeletedThenItCanNeitherBeReadNorGetTokens() throws Exception {
            OIDCClientInformation registered = register(metadata("https://rp.example/cb"));
            HTTPResponse deleted = new ClientDeleteRequest(registered.getRegistrationURI(),
                    registered.getRegistrationAccessToken()).toHTTPRequest().send();
            assertEquals(204, deleted.getStatusCode());
            HTTPResponse read = new ClientReadRequest(registered.getRegistrationURI(),
                    registered.getRegistrationAccessToken()).toHTTPRequest().send();
            assertEquals(401, read.getStatusCode(), "§2.3: the registration access token is invalidated");
            TokenResponse token = provider.token(new ClientSecretBasic(registered.getID(), registered.getSecret()),
                    new ClientCredentialsGrant(), null);
            assertFalse(token.indicatesSuccess());
            assertEquals("invalid_client", token.toErrorResponse().getErrorObject().getCode());
        }

        @Test
        void whenTheTokenIsWrongThenTheRegistrationIsNotDisclosed() throws Exception {
            OIDCClientInformation registered = register(metadata("https://rp.example/cb"));
            HTTPResponse read = new ClientReadRequest(registered.getRegistrationURI(),
                    new com.nimbusds.oauth2.sdk.token.BearerAccessToken("wrong-registration-token")).toHTTPRequest().send();
            assertEquals(401, read.getStatusCode());
            assertFalse(read.getBody() != null && read.getBody().contains(registered.getID().getValue()));
        }
    }

    private static OIDCClientMetadata metadata(String redirectUri) {
        OIDCClientMetadata metadata = new OIDCClientMetadata();
        metadata.setName("Acceptance dynamic RP");
        metadata.setRedirectionURI(URI.create(redirectUri));
        metadata.setGrantTypes(Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN, GrantType.CLIENT_CREDENTIALS));
        metadata.setResponseTypes(Set.of(ResponseType.CODE));
        metadata.setTokenEndpointAuthMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
        metadata.setScope(new Scope("openid", "profile", "api"));
        return metadata;
    }

    private static URI registrationEndpoint() {
        URI endpoint = provider.metadata().getRegistrationEndpointURI();
        assertNotNull(endpoint, "registration_endpoint is not advertised (RFC 8414 §2)");
        return endpoint;
    }

    private static OIDCClientInformation register(OIDCClientMetadata metadata) throws IOException, ParseException {
        HTTPResponse response = new OIDCClientRegistrationRequest(registrationEndpoint(), metadata, null).toHTTPRequest().send();
        assertEquals(201, response.getStatusCode(), response.getBody());
        return parseInformation(response);
    }

    private static OIDCClientInformation parseInformation(HTTPResponse response) throws ParseException {
        var parsed = OIDCClientRegistrationResponseParser.parse(response);
        if (!parsed.indicatesSuccess()) {
            throw new AssertionError("registration error: "
                    + ((ClientRegistrationErrorResponse) parsed).getErrorObject().toJSONObject());
        }
        return ((OIDCClientInformationResponse) parsed).getOIDCClientInformation();
    }
}
