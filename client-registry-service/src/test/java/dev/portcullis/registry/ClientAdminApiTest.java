package dev.portcullis.registry;

import static dev.portcullis.registry.AdminClients.ADMIN;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Base64;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The client admin API (CONTRIBUTING "Client admin API"), over HTTP against real PostgreSQL. */
@QuarkusTest
class ClientAdminApiTest {

    @Nested
    class AdminCredential {
        @Test
        void whenNoCredentialThen401InvalidTokenWithBearerChallenge() {
            given().get("/admin/clients").then()
                    .statusCode(401)
                    .header("WWW-Authenticate", containsString("Bearer"))
                    .header("Cache-Control", "no-store")
                    .body("error", equalTo("invalid_token"));
        }

        @Test
        void whenWrongCredentialThen401AndNothingIsCreated() {
            String id = AdminClients.uniqueId("wrong-cred");
            given().header("Authorization", "Bearer not-the-admin-token").contentType(ContentType.JSON)
                    .body("{\"client_id\":\"" + id + "\",\"grant_types\":[\"client_credentials\"]}")
                    .post("/admin/clients").then()
                    .statusCode(401).body("error", equalTo("invalid_token"));
            given().header("Authorization", ADMIN).get("/admin/clients/" + id).then().statusCode(404);
        }

        @Test
        void whenBasicSchemeInsteadOfBearerThen401() {
            given().header("Authorization", "Basic " + Base64.getEncoder().encodeToString("a:test-admin-token".getBytes()))
                    .get("/admin/clients").then().statusCode(401).body("error", equalTo("invalid_token"));
        }
    }

    @Nested
    class Create {
        /** The exact request deploy/local/up.sh sends for the demo confidential client. */
        @Test
        void whenConfidentialDemoClientIsCreatedThenSecretIsShownOnceWithTheClient() {
            String id = AdminClients.uniqueId("demo-client");
            String secret = AdminClients.create("""
                    {"client_id":"%s","client_name":"Demo confidential client",
                     "grant_types":["client_credentials","authorization_code","refresh_token"],
                     "token_endpoint_auth_method":"client_secret_basic",
                     "redirect_uris":["http://localhost:8080/demo/callback"],
                     "scope":"openid profile email offline_access api"}""".formatted(id))
                    .statusCode(201)
                    .header("Cache-Control", "no-store")
                    .body("client_id", equalTo(id))
                    .body("client_secret_expires_at", equalTo(0))
                    .body("client_id_issued_at", greaterThan(0))
                    .body("response_types", equalTo(java.util.List.of("code")))
                    .body("require_pkce", equalTo(true))
                    .body("enabled", equalTo(true))
                    .body("scope", equalTo("openid profile email offline_access api"))
                    .extract().path("client_secret");
            // 256 bits, base64url without padding: 43 characters.
            assertTrue(secret.matches("[A-Za-z0-9_-]{43}"), "secret has 256 bits");
            given().header("Authorization", ADMIN).get("/admin/clients/" + id).then()
                    .statusCode(200)
                    .body("client_id", equalTo(id))
                    .body("client_secret", nullValue())
                    .body(not(containsString(secret)));
        }

        @Test
        void whenPublicClientIsCreatedThenNoSecretAndRotationAndPkceAreOn() {
            String id = AdminClients.uniqueId("demo-public");
            AdminClients.create("""
                    {"client_id":"%s","token_endpoint_auth_method":"none",
                     "grant_types":["authorization_code","refresh_token"],
                     "redirect_uris":["http://localhost:8080/demo/public-callback"],"scope":"openid profile"}"""
                    .formatted(id))
                    .statusCode(201)
                    .body("client_secret", nullValue())
                    .body("client_secret_expires_at", nullValue())
                    .body("rotate_refresh_tokens", equalTo(true))
                    .body("require_pkce", equalTo(true));
        }

        @Test
        void whenNoClientIdIsChosenThenOneIsGenerated() {
            AdminClients.create("{\"grant_types\":[\"client_credentials\"]}")
                    .statusCode(201).body("client_id", notNullValue()).body("client_secret", notNullValue());
        }

        @Test
        void whenExtensionsAreSetThenTheyAreStored() {
            String id = AdminClients.uniqueId("ext");
            AdminClients.create("""
                    {"client_id":"%s","grant_types":["client_credentials"],"access_token_format":"opaque",
                     "access_token_ttl":600,"refresh_token_ttl":86400,"id_token_ttl":300,"skip_consent":true,
                     "can_introspect":true,"default_audience":["https://api.example.com"]}""".formatted(id))
                    .statusCode(201);
            given().header("Authorization", ADMIN).get("/admin/clients/" + id).then().statusCode(200)
                    .body("access_token_format", equalTo("opaque"))
                    .body("access_token_ttl", equalTo(600))
                    .body("refresh_token_ttl", equalTo(86400))
                    .body("id_token_ttl", equalTo(300))
                    .body("skip_consent", equalTo(true))
                    .body("can_introspect", equalTo(true))
                    .body("default_audience", hasItem("https://api.example.com"));
        }

        @Test
        void whenClientIdIsTakenThen409ConflictAndTheFirstIsUnchanged() {
            String id = AdminClients.uniqueId("taken");
            String secret = AdminClients.createConfidential(id);
            AdminClients.create("{\"client_id\":\"" + id + "\",\"token_endpoint_auth_method\":\"none\","
                    + "\"redirect_uris\":[\"https://app.example.com/cb\"]}")
                    .statusCode(409).header("Cache-Control", "no-store").body("error", equalTo("conflict"));
            given().header("Authorization", ADMIN).get("/admin/clients/" + id).then()
                    .body("token_endpoint_auth_method", equalTo("client_secret_basic"));
            assertNotEquals(null, secret);
        }

        @Test
        void whenClientIdHasForbiddenCharactersThenInvalidClientMetadata() {
            AdminClients.create("{\"client_id\":\"a b:c\",\"grant_types\":[\"client_credentials\"]}")
                    .statusCode(400).body("error", equalTo("invalid_client_metadata"));
        }
    }

    /** Admin API: a member it does not understand is refused and named, never silently dropped. */
    @Nested
    class UnknownMembers {
        @Test
        void whenGrantTypeIsMisspelledThen400NamingItAndNothingIsCreated() {
            String id = AdminClients.uniqueId("typo");
            AdminClients.create("""
                    {"client_id":"%s","grant_type":["client_credentials"],"scope":"api"}""".formatted(id))
                    .statusCode(400).body("error", equalTo("invalid_client_metadata"))
                    .body("error_description", containsString("grant_type"));
            given().header("Authorization", ADMIN).get("/admin/clients/" + id).then().statusCode(404);
        }

        @Test
        void whenSeveralAreUnknownThenAllAreNamed() {
            AdminClients.create("""
                    {"grant_types":["client_credentials"],"colour":"blue","redirect_uri":"https://a.example/cb"}""")
                    .statusCode(400).body("error_description", containsString("colour"))
                    .body("error_description", containsString("redirect_uri"));
        }

        @Test
        void whenAnUnknownNameIsNotPrintableThenItIsCountedNotEchoed() {
            AdminClients.create("{\"grant_types\":[\"client_credentials\"],\"a\\\"b\":1}")
                    .statusCode(400).body("error", equalTo("invalid_client_metadata"))
                    .body("error_description", not(containsString("a\"b")));
        }

        @Test
        void whenReplacedWithAnUnknownMemberThen400AndTheClientIsUnchanged() {
            String id = AdminClients.uniqueId("typo-put");
            AdminClients.createConfidential(id);
            given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                    .body("{\"grant_types\":[\"client_credentials\"],\"scope\":\"other\",\"skip_consnet\":true}")
                    .put("/admin/clients/" + id).then()
                    .statusCode(400).body("error_description", containsString("skip_consnet"));
            given().header("Authorization", ADMIN).get("/admin/clients/" + id).then().body("scope", equalTo("api"));
        }

        @Test
        void whenClientSecretIsSentThen400() {
            AdminClients.create("{\"grant_types\":[\"client_credentials\"],\"client_secret\":\"mine\"}")
                    .statusCode(400).body("error", equalTo("invalid_client_metadata"));
        }

        /** What GET shows can be sent back with PUT: the read-only members are accepted and ignored. */
        @Test
        void whenTheBodyOfAGetIsPutBackThen200() {
            String id = AdminClients.uniqueId("round-trip");
            AdminClients.createConfidential(id);
            String shown = given().header("Authorization", ADMIN).get("/admin/clients/" + id).then()
                    .statusCode(200).extract().asString();
            given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(shown)
                    .put("/admin/clients/" + id).then().statusCode(200).body("client_id", equalTo(id));
        }

        /** RFC 7591 §2: dynamic registration ignores what it does not understand. */
        @Test
        void whenDynamicRegistrationCarriesAnUnknownMemberThenItIsIgnored() {
            given().contentType(ContentType.JSON)
                    .body("{\"redirect_uris\":[\"https://app.example.com/cb\"],\"colour\":\"blue\"}")
                    .post("/register").then().statusCode(201);
        }
    }

    @Nested
    class ReadUpdateDelete {
        @Test
        void whenUnknownClientThen404NotFound() {
            given().header("Authorization", ADMIN).get("/admin/clients/" + AdminClients.uniqueId("none")).then()
                    .statusCode(404).body("error", equalTo("not_found"));
        }

        @Test
        void whenListedThenPagesAreBoundedAndCarryTheTotal() {
            AdminClients.createConfidential(AdminClients.uniqueId("list"));
            given().header("Authorization", ADMIN).queryParam("page", 0).queryParam("size", 2)
                    .get("/admin/clients").then().statusCode(200)
                    .body("clients", hasSize(lessThanOrEqualTo(2)))
                    .body("page", equalTo(0)).body("size", equalTo(2))
                    .body("total", greaterThan(0));
        }

        @Test
        void whenPageSizeIsOutOfRangeOrNotANumberThenInvalidRequest() {
            given().header("Authorization", ADMIN).queryParam("size", 0).get("/admin/clients").then()
                    .statusCode(400).body("error", equalTo("invalid_request"));
            given().header("Authorization", ADMIN).queryParam("page", "two").get("/admin/clients").then()
                    .statusCode(400).body("error", equalTo("invalid_request"));
        }

        @Test
        void whenUpdatedThenMetadataIsReplacedAndRevalidated() {
            String id = AdminClients.uniqueId("upd");
            AdminClients.createConfidential(id);
            given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                    .body("{\"grant_types\":[\"client_credentials\"],\"scope\":\"api write\",\"client_name\":\"New\"}")
                    .put("/admin/clients/" + id).then().statusCode(200)
                    .body("scope", equalTo("api write")).body("client_name", equalTo("New"))
                    .body("client_secret", nullValue());
            given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                    .body("{\"grant_types\":[\"authorization_code\"],\"redirect_uris\":[\"http://evil.example/cb\"]}")
                    .put("/admin/clients/" + id).then().statusCode(400).body("error", equalTo("invalid_redirect_uri"));
            given().header("Authorization", ADMIN).get("/admin/clients/" + id).then()
                    .body("scope", equalTo("api write")).body("grant_types", equalTo(java.util.List.of("client_credentials")));
        }

        @Test
        void whenDisabledThenEnabledIsFalseAndEnableRestoresIt() {
            String id = AdminClients.uniqueId("dis");
            AdminClients.createConfidential(id);
            given().header("Authorization", ADMIN).post("/admin/clients/" + id + "/disable").then()
                    .statusCode(200).body("enabled", equalTo(false));
            given().header("Authorization", ADMIN).post("/admin/clients/" + id + "/enable").then()
                    .statusCode(200).body("enabled", equalTo(true));
        }

        @Test
        void whenDeletedThenGoneAndASecondDeleteIs404() {
            String id = AdminClients.uniqueId("del");
            AdminClients.createConfidential(id);
            given().header("Authorization", ADMIN).delete("/admin/clients/" + id).then().statusCode(204);
            given().header("Authorization", ADMIN).get("/admin/clients/" + id).then().statusCode(404);
            given().header("Authorization", ADMIN).delete("/admin/clients/" + id).then().statusCode(404)
                    .body("error", equalTo("not_found"));
        }

        @Test
        void whenSecretIsRotatedThenANewSecretIsShownWithTheGracePeriodEnd() {
            String id = AdminClients.uniqueId("rot");
            String old = AdminClients.createConfidential(id);
            String fresh = given().header("Authorization", ADMIN).post("/admin/clients/" + id + "/secret").then()
                    .statusCode(200)
                    .header("Cache-Control", "no-store")
                    .body("client_id", equalTo(id))
                    .body("client_secret_expires_at", equalTo(0))
                    .body("previous_secret_expires_at", greaterThan(0))
                    .extract().path("client_secret");
            assertNotEquals(old, fresh);
        }

        @Test
        void whenPublicClientSecretIsRotatedThenInvalidClientMetadata() {
            String id = AdminClients.uniqueId("rot-pub");
            AdminClients.createPublic(id);
            given().header("Authorization", ADMIN).post("/admin/clients/" + id + "/secret").then()
                    .statusCode(400).body("error", equalTo("invalid_client_metadata"));
        }
    }
}
