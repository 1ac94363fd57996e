package dev.portcullis.registry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every validation rule answers its RFC 7591 §3.2.2 error with 400, JSON and no-store, through
 * both /register and the admin API, and a refused request stores nothing.
 */
@QuarkusTest
class MetadataValidationTest {

    private static ValidatableResponse register(String json) {
        return given().contentType(ContentType.JSON).body(json).post("/register").then();
    }

    private static void assertError(ValidatableResponse r, String error) {
        r.statusCode(400).contentType(ContentType.JSON).header("Cache-Control", "no-store").body("error", equalTo(error));
    }

    @Nested
    class Rfc7591Section2RedirectUris {
        @ParameterizedTest
        @ValueSource(strings = {"/cb", "https://app.example.com/cb#fragment", "http://app.example.com/cb",
                "com.example.app:/cb", "not a uri"})
        void whenRedirectUriBreaksARuleThenInvalidRedirectUri(String uri) {
            assertError(register("{\"redirect_uris\":[\"" + uri + "\"]}"), "invalid_redirect_uri");
        }

        @Test
        void whenRedirectBasedGrantHasNoRedirectUriThenInvalidRedirectUri() {
            assertError(register("{\"grant_types\":[\"authorization_code\"]}"), "invalid_redirect_uri");
        }

        @Test
        void whenPostLogoutRedirectUriHasAFragmentThenInvalidRedirectUri() {
            assertError(register("{\"redirect_uris\":[\"https://a.example.com/cb\"],"
                    + "\"post_logout_redirect_uris\":[\"https://a.example.com/bye#x\"]}"), "invalid_redirect_uri");
        }

        @Test
        void whenWebAppUsesHttpLoopbackThenAcceptedInLocalDevelopment() {
            register("{\"redirect_uris\":[\"http://localhost:3000/cb\"]}").statusCode(201);
        }
    }

    @Nested
    class Rfc7591Section2ClientMetadata {
        @Test
        void whenGrantAndResponseTypesAreInconsistentThenInvalidClientMetadata() {
            assertError(register("{\"grant_types\":[\"client_credentials\"],\"response_types\":[\"code\"]}"),
                    "invalid_client_metadata");
        }

        @Test
        void whenPublicClientAsksForClientCredentialsThenInvalidClientMetadata() {
            assertError(register("{\"token_endpoint_auth_method\":\"none\",\"grant_types\":[\"client_credentials\"]}"),
                    "invalid_client_metadata");
        }

        @Test
        void whenPrivateKeyJwtHasNoKeysThenInvalidClientMetadata() {
            assertError(register("{\"token_endpoint_auth_method\":\"private_key_jwt\",\"grant_types\":[\"client_credentials\"]}"),
                    "invalid_client_metadata");
        }

        @Test
        void whenBothJwksAndJwksUriThenInvalidClientMetadata() {
            assertError(register("""
                    {"token_endpoint_auth_method":"private_key_jwt","grant_types":["client_credentials"],
                     "jwks":{"keys":[{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
                     "y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}]},"jwks_uri":"https://keys.example.com/jwks"}"""),
                    "invalid_client_metadata");
        }

        @Test
        void whenJwksIsNotAKeySetThenInvalidClientMetadata() {
            assertError(register("{\"token_endpoint_auth_method\":\"private_key_jwt\",\"grant_types\":[\"client_credentials\"],"
                    + "\"jwks\":{\"keys\":[{\"kty\":\"nope\"}]}}"), "invalid_client_metadata");
        }

        @ParameterizedTest
        @ValueSource(strings = {"https://10.0.0.5/jwks", "https://169.254.169.254/latest", "https://[fd00::1]/jwks",
                "https://192.168.1.1/jwks", "https://172.16.0.1/jwks"})
        void whenJwksUriNamesAnInternalAddressThenInvalidClientMetadata(String uri) {
            assertError(AdminClients.create("{\"token_endpoint_auth_method\":\"private_key_jwt\","
                    + "\"grant_types\":[\"client_credentials\"],\"jwks_uri\":\"" + uri + "\"}"), "invalid_client_metadata");
        }

        @Test
        void whenJwksUriIsHttpOnAPublicHostThenInvalidClientMetadata() {
            assertError(register("{\"token_endpoint_auth_method\":\"private_key_jwt\",\"grant_types\":[\"client_credentials\"],"
                    + "\"jwks_uri\":\"http://keys.example.com/jwks\"}"), "invalid_client_metadata");
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"token_endpoint_auth_method\":\"client_secret_jwt\",\"grant_types\":[\"client_credentials\"]}",
                "{\"application_type\":\"desktop\",\"grant_types\":[\"client_credentials\"]}",
                "{\"grant_types\":[\"client_credentials\"],\"scope\":\"api \\\"quoted\\\"\"}",
                "{\"grant_types\":[\"client_credentials\"],\"client_uri\":\"javascript:alert(1)\"}",
                "{\"grant_types\":[\"client_credentials\"],\"logo_uri\":\"/relative.png\"}"})
        void whenAValueIsOutsideItsDomainThenInvalidClientMetadata(String json) {
            assertError(register(json), "invalid_client_metadata");
        }

        @Test
        void whenAdminSetsAnUnknownTokenFormatOrNegativeLifetimeThenInvalidClientMetadata() {
            assertError(AdminClients.create("{\"grant_types\":[\"client_credentials\"],\"access_token_format\":\"saml\"}"),
                    "invalid_client_metadata");
            assertError(AdminClients.create("{\"grant_types\":[\"client_credentials\"],\"access_token_ttl\":-1}"),
                    "invalid_client_metadata");
        }

        @Test
        void whenAdminTurnsPkceOffForAPublicClientThenInvalidClientMetadata() {
            assertError(AdminClients.create("{\"token_endpoint_auth_method\":\"none\",\"require_pkce\":false,"
                    + "\"redirect_uris\":[\"https://a.example.com/cb\"]}"), "invalid_client_metadata");
        }
    }

    /** Bad input never yields a 500 and never leaves a half-written client. */
    @Nested
    class MalformedInput {
        @ParameterizedTest
        @ValueSource(strings = {"{", "not json", "[]", "\"string\"", "42", "{\"redirect_uris\":[\"https://a.example.com/cb\"]} trailing",
                "{\"a\":1,\"a\":2}"})
        void whenBodyIsNotAJsonObjectThenInvalidClientMetadata(String body) {
            assertError(register(body), "invalid_client_metadata");
        }

        @Test
        void whenBodyIsEmptyThenInvalidClientMetadata() {
            assertError(given().contentType(ContentType.JSON).post("/register").then(), "invalid_client_metadata");
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"redirect_uris\":\"https://a.example.com/cb\"}", "{\"redirect_uris\":[42]}",
                "{\"grant_types\":\"client_credentials\"}", "{\"client_name\":{\"x\":1},\"grant_types\":[\"client_credentials\"]}",
                "{\"grant_types\":[\"client_credentials\"],\"jwks\":\"{}\"}", "{\"grant_types\":[\"client_credentials\"],\"contacts\":\"a@b\"}"})
        void whenAKnownMemberHasTheWrongTypeThenInvalidClientMetadata(String body) {
            assertError(register(body), "invalid_client_metadata");
        }

        @Test
        void whenAdminSendsAWrongTypedExtensionThenInvalidClientMetadataAndNothingIsStored() {
            String id = AdminClients.uniqueId("typed");
            assertError(AdminClients.create("{\"client_id\":\"" + id + "\",\"grant_types\":[\"client_credentials\"],"
                    + "\"skip_consent\":\"yes\"}"), "invalid_client_metadata");
            assertError(AdminClients.create("{\"client_id\":\"" + id + "\",\"grant_types\":[\"client_credentials\"],"
                    + "\"access_token_ttl\":\"600\"}"), "invalid_client_metadata");
            given().header("Authorization", AdminClients.ADMIN).get("/admin/clients/" + id).then().statusCode(404);
        }

        @Test
        void whenUnknownMembersAreSentThenTheyAreIgnored() {
            register("{\"grant_types\":[\"client_credentials\"],\"x-vendor\":[1,2,{\"deep\":true}],\"frobnicate\":null}")
                    .statusCode(201).body(not(containsString("frobnicate")));
        }

        @Test
        void whenBodyExceedsTheLimitThen413AndNoStackTrace() {
            String huge = "{\"client_name\":\"" + "x".repeat(70 * 1024) + "\"}";
            given().contentType(ContentType.JSON).body(huge).post("/register").then()
                    .statusCode(anyOf(equalTo(413), equalTo(400)))
                    .body(not(containsString("Exception")));
        }

        @Test
        void whenContentTypeIsNotJsonThenAStandardErrorNot500() {
            given().contentType(ContentType.URLENC).formParam("redirect_uris", "https://a.example.com/cb")
                    .post("/register").then().statusCode(415).body("error", equalTo("invalid_request"));
        }
    }
}
