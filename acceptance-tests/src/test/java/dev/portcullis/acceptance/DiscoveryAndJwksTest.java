package dev.portcullis.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import dev.portcullis.acceptance.client.AdminApi;
import dev.portcullis.acceptance.client.Provider;
import dev.portcullis.acceptance.client.RegisteredClient;
import dev.portcullis.acceptance.stack.PortcullisStack;
import dev.portcullis.acceptance.stack.StackExtension;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A relying party configured with nothing but the issuer URL finds everything else: Nimbus parses
 * both metadata documents strictly, and the keys it finds verify the tokens we issue.
 */
@ExtendWith(StackExtension.class)
@DisplayName("Discovery and JWKS")
class DiscoveryAndJwksTest {
    static PortcullisStack stack;
    static Provider provider;

    @BeforeAll
    static void discover() {
        stack = PortcullisStack.get();
        provider = Provider.discover(stack);
    }

    @Nested
    @DisplayName("OpenID Connect Discovery 1.0 §4")
    class OpenIdConfiguration {
        @Test
        void whenDiscoveredThenIssuerIsTheGatewayOriginTheClientAskedFor() {
            OIDCProviderMetadata metadata = provider.metadata();
            assertEquals("http://localhost:" + stack.settings().gatewayPort(), metadata.getIssuer().getValue());
            assertEquals(stack.issuer(), metadata.getIssuer().getValue());
        }

        @Test
        void whenDiscoveredThenEndpointsLiveUnderTheIssuer() {
            OIDCProviderMetadata metadata = provider.metadata();
            for (URI endpoint : new URI[] {metadata.getTokenEndpointURI(), metadata.getJWKSetURI(),
                    metadata.getAuthorizationEndpointURI()}) {
                assertNotNull(endpoint);
                assertTrue(endpoint.toString().startsWith(stack.issuer() + "/"), endpoint + " is not under the issuer");
            }
        }

        @Test
        void whenDiscoveredThenCodeFlowWithS256AndSignedIdTokensAreAdvertised() {
            OIDCProviderMetadata metadata = provider.metadata();
            assertTrue(metadata.getResponseTypes().contains(com.nimbusds.oauth2.sdk.ResponseType.CODE));
            assertNotNull(metadata.getCodeChallengeMethods(), "code_challenge_methods_supported (RFC 8414 §2)");
            assertTrue(metadata.getCodeChallengeMethods().contains(CodeChallengeMethod.S256));
            assertFalse(metadata.getIDTokenJWSAlgs().isEmpty());
            assertFalse(metadata.getIDTokenJWSAlgs().contains(new JWSAlgorithm("none")), "unsigned ID tokens advertised");
        }
    }

    @Nested
    @DisplayName("RFC 8414 §3 authorization server metadata")
    class OAuthAuthorizationServer {
        @Test
        void whenFetchedThenItParsesAndAgreesWithTheOpenIdConfiguration() throws Exception {
            HTTPResponse response = new HTTPRequest(HTTPRequest.Method.GET,
                    URI.create(stack.url("/.well-known/oauth-authorization-server"))).send();
            assertEquals(200, response.getStatusCode());
            AuthorizationServerMetadata metadata = AuthorizationServerMetadata.parse(response.getBodyAsJSONObject());
            assertEquals(stack.issuer(), metadata.getIssuer().getValue());
            assertEquals(provider.metadata().getTokenEndpointURI(), metadata.getTokenEndpointURI());
            assertEquals(provider.metadata().getJWKSetURI(), metadata.getJWKSetURI());
        }
    }

    @Nested
    @DisplayName("RFC 7517 JWK Set")
    class Jwks {
        @Test
        void whenFetchedThenEveryKeyIsPublicWithAKeyIdForSignatures() {
            JWKSet jwks = provider.jwks();
            assertFalse(jwks.getKeys().isEmpty());
            for (JWK key : jwks.getKeys()) {
                assertFalse(key.isPrivate(), "private key material published: " + key.getKeyID());
                assertNotNull(key.getKeyID(), "every key has a kid");
                assertTrue(key.getKeyUse() == null || KeyUse.SIGNATURE.equals(key.getKeyUse()));
            }
        }

        @Test
        void whenATokenIsIssuedThenItsKeyIsPublishedAndVerifiesIt() throws Exception {
            RegisteredClient client = new AdminApi(stack).machineClient("jwks", "client_secret_basic", Map.of());
            TokenResponse response = provider.token(client.basic(), new ClientCredentialsGrant(), new Scope("api"));
            assertTrue(response.indicatesSuccess(), () -> response.toErrorResponse().getErrorObject().toString());
            String token = response.toSuccessResponse().getTokens().getAccessToken().getValue();
            String kid = SignedJWT.parse(token).getHeader().getKeyID();
            assertNotNull(provider.jwks().getKeyByKeyId(kid), "kid " + kid + " is not in the JWKS");
            provider.verifyAccessToken(token);
        }
    }
}
