package dev.portcullis.token;

import static io.restassured.RestAssured.get;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import dev.portcullis.testing.ServiceTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** RFC 8414 §2-3 and OIDC Discovery §3-4: metadata built from the issuer and what is really served. */
@QuarkusTest
@WithTestResource(value = ServiceTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, initArgs = {
        @ResourceArg(name = "module", value = "client-registry-service"),
        @ResourceArg(name = "grpc-client", value = "client-registry"),
        @ResourceArg(name = "url-property", value = "test.client-registry.url")})
class DiscoveryTest {
    static final String ISSUER = "http://localhost:8080";

    @Nested
    class Rfc8414AuthorizationServerMetadata {
        @Test
        void whenFetchedThenEndpointsAreBuiltFromTheIssuer() {
            get("/.well-known/oauth-authorization-server").then().statusCode(200)
                    .body("issuer", equalTo(ISSUER))
                    .body("authorization_endpoint", equalTo(ISSUER + "/authorize"))
                    .body("token_endpoint", equalTo(ISSUER + "/token"))
                    .body("jwks_uri", equalTo(ISSUER + "/jwks"))
                    .body("revocation_endpoint", equalTo(ISSUER + "/revoke"))
                    .body("introspection_endpoint", equalTo(ISSUER + "/introspect"))
                    .body("registration_endpoint", equalTo(ISSUER + "/register"))
                    .body("authorization_response_iss_parameter_supported", equalTo(true));
        }

        @Test
        void whenFetchedThenOnlyImplementedGrantsAndMethodsAreAdvertised() {
            get("/.well-known/oauth-authorization-server").then().statusCode(200)
                    .body("grant_types_supported", hasItem("client_credentials"))
                    .body("grant_types_supported", not(hasItem("urn:ietf:params:oauth:grant-type:device_code")))
                    .body("code_challenge_methods_supported", equalTo(java.util.List.of("S256")))
                    .body("token_endpoint_auth_methods_supported",
                            hasItems("client_secret_basic", "client_secret_post", "private_key_jwt", "none"));
        }
    }

    @Nested
    class OidcDiscoveryProviderMetadata {
        @Test
        void whenFetchedThenRequiredOpenIdFieldsArePresent() {
            get("/.well-known/openid-configuration").then().statusCode(200)
                    .body("issuer", equalTo(ISSUER))
                    .body("userinfo_endpoint", equalTo(ISSUER + "/userinfo"))
                    .body("end_session_endpoint", equalTo(ISSUER + "/logout"))
                    .body("subject_types_supported", equalTo(java.util.List.of("public")))
                    .body("id_token_signing_alg_values_supported", hasItem("RS256"))
                    .body("response_types_supported", hasItem("code"))
                    .body("scopes_supported", hasItem("openid"));
        }
    }
}
