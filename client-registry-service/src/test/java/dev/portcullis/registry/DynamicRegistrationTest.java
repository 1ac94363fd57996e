package dev.portcullis.registry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.proto.client.v1.AuthenticateClientRequest;
import dev.portcullis.proto.client.v1.ClientRegistry;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Dynamic client registration (RFC 7591) and management (RFC 7592) end to end over HTTP. */
@QuarkusTest
class DynamicRegistrationTest {

    @GrpcClient("client-registry")
    ClientRegistry registry;

    static ExtractableResponse<Response> register(String json) {
        return given().contentType(ContentType.JSON).body(json).post("/register").then().statusCode(201).extract();
    }

    /** RFC 7591 §3.1, §3.2.1. */
    @Nested
    class Rfc7591Section3Registration {
        @Test
        void whenAWebClientRegistersThenTheResponseCarriesCredentialsOnceAndTheManagementUri() {
            given().contentType(ContentType.JSON)
                    .body("""
                            {"redirect_uris":["https://app.example.com/cb"],"client_name":"My App",
                             "scope":"openid profile","contacts":["ops@example.com"],"logo_uri":"https://app.example.com/logo.png",
                             "software_id":"4NRB1-0XZABZI9E6-5SM3R","software_version":"2.1"}""")
                    .post("/register").then()
                    .statusCode(201)
                    .header("Cache-Control", "no-store")
                    .header("Pragma", "no-cache")
                    .body("client_id", notNullValue())
                    .body("client_secret", notNullValue())
                    .body("client_secret_expires_at", equalTo(0))
                    .body("client_id_issued_at", greaterThan(0))
                    .body("registration_access_token", notNullValue())
                    .body("registration_client_uri", containsString("http://localhost:8080/register/"))
                    .body("grant_types", equalTo(List.of("authorization_code")))
                    .body("response_types", equalTo(List.of("code")))
                    .body("token_endpoint_auth_method", equalTo("client_secret_basic"))
                    .body("client_name", equalTo("My App"))
                    .body("contacts", equalTo(List.of("ops@example.com")))
                    .body("software_id", equalTo("4NRB1-0XZABZI9E6-5SM3R"));
        }

        @Test
        void whenRegistrationUriIsBuiltThenItComesFromTheIssuerNeverFromHost() {
            given().contentType(ContentType.JSON).header("Host", "evil.example")
                    .body("{\"redirect_uris\":[\"https://app.example.com/cb\"]}").post("/register").then()
                    .statusCode(201)
                    .body("registration_client_uri", containsString("http://localhost:8080/register/"));
        }

        @Test
        void whenRegisteredSecretIsUsedThenTheClientAuthenticates() {
            var r = register("{\"grant_types\":[\"client_credentials\"],\"token_endpoint_auth_method\":\"client_secret_post\"}");
            assertTrue(registry.authenticateClient(AuthenticateClientRequest.newBuilder()
                    .setClientId(r.path("client_id")).setAuthMethod("client_secret_post")
                    .setClientSecret(r.path("client_secret")).build()).await().atMost(Duration.ofSeconds(10))
                    .getAuthenticated());
        }

        @Test
        void whenAPublicNativeClientRegistersThenNoSecretIsIssued() {
            given().contentType(ContentType.JSON)
                    .body("""
                            {"application_type":"native","token_endpoint_auth_method":"none",
                             "redirect_uris":["com.example.app:/oauth2redirect","http://127.0.0.1:51004/cb"]}""")
                    .post("/register").then().statusCode(201)
                    .body("client_secret", nullValue())
                    .body("application_type", equalTo("native"))
                    .body("require_pkce", equalTo(true));
        }

        @Test
        void whenRegistrantSendsAdministratorSettingsThenTheyAreIgnored() {
            given().contentType(ContentType.JSON)
                    .body("""
                            {"redirect_uris":["https://app.example.com/cb"],"client_id":"chosen-by-me",
                             "skip_consent":true,"access_token_ttl":99999,
                             "require_pkce":false,"unknown_member":{"x":1}}""")
                    .post("/register").then().statusCode(201)
                    .body("client_id", org.hamcrest.Matchers.not(equalTo("chosen-by-me")))
                    .body("skip_consent", equalTo(false))
                    .body("access_token_ttl", equalTo(0))
                    .body("require_pkce", equalTo(true));
        }
    }

    /** RFC 7592 §2: reading, replacing and deleting a registration with its access token. */
    @Nested
    class Rfc7592Section2Management {
        @Test
        void whenReadWithTheRegistrationTokenThenTheClientIsReturnedWithoutSecret() {
            var r = register("{\"redirect_uris\":[\"https://app.example.com/cb\"]}");
            given().header("Authorization", "Bearer " + r.path("registration_access_token"))
                    .get("/register/" + r.path("client_id")).then()
                    .statusCode(200)
                    .header("Cache-Control", "no-store")
                    .body("client_id", equalTo(r.path("client_id")))
                    .body("client_secret", nullValue())
                    .body("registration_client_uri", equalTo(r.path("registration_client_uri")));
        }

        @Test
        void whenTokenIsWrongOrMissingThen401InvalidToken() {
            var r = register("{\"redirect_uris\":[\"https://app.example.com/cb\"]}");
            given().header("Authorization", "Bearer wrong").get("/register/" + r.path("client_id")).then()
                    .statusCode(401).header("WWW-Authenticate", containsString("invalid_token"))
                    .body("error", equalTo("invalid_token"));
            given().get("/register/" + r.path("client_id")).then().statusCode(401).body("error", equalTo("invalid_token"));
        }

        @Test
        void whenTokenOfAnotherClientIsUsedThen401() {
            var a = register("{\"redirect_uris\":[\"https://a.example.com/cb\"]}");
            var b = register("{\"redirect_uris\":[\"https://b.example.com/cb\"]}");
            given().header("Authorization", "Bearer " + a.path("registration_access_token"))
                    .get("/register/" + b.path("client_id")).then().statusCode(401).body("error", equalTo("invalid_token"));
        }

        @Test
        void whenAdminCreatedClientIsManagedThroughRfc7592Then401() {
            String id = AdminClients.uniqueId("no-rat");
            AdminClients.createConfidential(id);
            given().header("Authorization", "Bearer anything").get("/register/" + id).then().statusCode(401);
        }

        @Test
        void whenReplacedThenMetadataChangesAndTheSecretStays() {
            var r = register("{\"redirect_uris\":[\"https://app.example.com/cb\"],\"client_name\":\"Old\"}");
            String id = r.path("client_id");
            given().header("Authorization", "Bearer " + r.path("registration_access_token")).contentType(ContentType.JSON)
                    .body("""
                            {"client_id":"%s","redirect_uris":["https://app.example.com/new"],"client_name":"New"}"""
                            .formatted(id))
                    .put("/register/" + id).then()
                    .statusCode(200)
                    .body("client_name", equalTo("New"))
                    .body("redirect_uris", equalTo(List.of("https://app.example.com/new")))
                    .body("client_secret", nullValue());
            assertTrue(registry.authenticateClient(AuthenticateClientRequest.newBuilder().setClientId(id)
                    .setAuthMethod("client_secret_basic").setClientSecret(r.path("client_secret")).build())
                    .await().atMost(Duration.ofSeconds(10)).getAuthenticated());
        }

        @Test
        void whenReplacementIsInvalidThenNothingChanges() {
            var r = register("{\"redirect_uris\":[\"https://app.example.com/cb\"],\"client_name\":\"Kept\"}");
            String id = r.path("client_id");
            String token = "Bearer " + r.path("registration_access_token");
            given().header("Authorization", token).contentType(ContentType.JSON)
                    .body("{\"client_id\":\"" + id + "\",\"redirect_uris\":[\"https://app.example.com/cb#frag\"],"
                            + "\"client_name\":\"Changed\"}")
                    .put("/register/" + id).then().statusCode(400).body("error", equalTo("invalid_redirect_uri"));
            given().header("Authorization", token).get("/register/" + id).then()
                    .body("client_name", equalTo("Kept"))
                    .body("redirect_uris", equalTo(List.of("https://app.example.com/cb")));
        }

        @Test
        void whenReplacementNamesAnotherClientIdThenInvalidClientMetadata() {
            var r = register("{\"redirect_uris\":[\"https://app.example.com/cb\"]}");
            given().header("Authorization", "Bearer " + r.path("registration_access_token")).contentType(ContentType.JSON)
                    .body("{\"client_id\":\"someone-else\",\"redirect_uris\":[\"https://app.example.com/cb\"]}")
                    .put("/register/" + r.path("client_id")).then()
                    .statusCode(400).body("error", equalTo("invalid_client_metadata"));
        }

        @Test
        void whenReplacementCarriesAWrongSecretThenInvalidClientMetadata() {
            var r = register("{\"redirect_uris\":[\"https://app.example.com/cb\"]}");
            given().header("Authorization", "Bearer " + r.path("registration_access_token")).contentType(ContentType.JSON)
                    .body("{\"client_secret\":\"my-own-secret\",\"redirect_uris\":[\"https://app.example.com/cb\"]}")
                    .put("/register/" + r.path("client_id")).then()
                    .statusCode(400).body("error", equalTo("invalid_client_metadata"));
        }

        @Test
        void whenAdministratorSettingsExistThenAnRfc7592ReplacementKeepsThem() {
            var r = register("{\"redirect_uris\":[\"https://app.example.com/cb\"]}");
            String id = r.path("client_id");
            given().header("Authorization", AdminClients.ADMIN).contentType(ContentType.JSON)
                    .body("{\"redirect_uris\":[\"https://app.example.com/cb\"],\"skip_consent\":true}")
                    .put("/admin/clients/" + id).then().statusCode(200);
            given().header("Authorization", "Bearer " + r.path("registration_access_token")).contentType(ContentType.JSON)
                    .body("{\"redirect_uris\":[\"https://app.example.com/cb\"],\"skip_consent\":false}")
                    .put("/register/" + id).then().statusCode(200).body("skip_consent", equalTo(true));
        }

        @Test
        void whenDeletedThenTheTokenNoLongerWorksAndTheClientCannotAuthenticate() {
            var r = register("{\"grant_types\":[\"client_credentials\"]}");
            String id = r.path("client_id");
            String token = "Bearer " + r.path("registration_access_token");
            given().header("Authorization", token).delete("/register/" + id).then().statusCode(204);
            given().header("Authorization", token).get("/register/" + id).then().statusCode(401);
            assertFalse(registry.authenticateClient(AuthenticateClientRequest.newBuilder().setClientId(id)
                    .setAuthMethod("client_secret_basic").setClientSecret(r.path("client_secret")).build())
                    .await().atMost(Duration.ofSeconds(10)).getAuthenticated());
            given().header("Authorization", AdminClients.ADMIN).get("/admin/clients/" + id).then().statusCode(404);
        }

        @Test
        void whenPublicClientBecomesConfidentialThenASecretIsIssuedOnce() {
            var r = register("{\"token_endpoint_auth_method\":\"none\",\"redirect_uris\":[\"https://app.example.com/cb\"]}");
            String id = r.path("client_id");
            String secret = given().header("Authorization", "Bearer " + r.path("registration_access_token"))
                    .contentType(ContentType.JSON)
                    .body("{\"token_endpoint_auth_method\":\"client_secret_basic\",\"redirect_uris\":[\"https://app.example.com/cb\"]}")
                    .put("/register/" + id).then().statusCode(200).extract().path("client_secret");
            assertEquals(43, secret.length());
        }
    }
}
