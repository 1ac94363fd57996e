package dev.portcullis.registry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.proto.client.v1.Client;
import dev.portcullis.proto.client.v1.ClientRegistry;
import dev.portcullis.proto.client.v1.GetClientRequest;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Open registration (RFC 7591 §3 without an initial access token, the test profile's mode) through
 * the real {@code /register} endpoint: what an anonymous registrant can never obtain, how its
 * client is marked unverified until an administrator verifies it, and names that imitate the server.
 */
@QuarkusTest
class OpenRegistrationTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String WEB = "\"redirect_uris\":[\"https://app.example.com/cb\"]";

    @GrpcClient("client-registry")
    ClientRegistry registry;

    private static ValidatableResponse register(String json) {
        return given().contentType(ContentType.JSON).body(json).post("/register").then();
    }

    private static void assertRefused(ValidatableResponse r) {
        r.statusCode(400).contentType(ContentType.JSON).header("Cache-Control", "no-store")
                .body("error", equalTo("invalid_client_metadata"));
    }

    private Client grpc(String clientId) {
        return registry.getClient(GetClientRequest.newBuilder().setClientId(clientId).build()).await().atMost(WAIT);
    }

    /** RFC 7591 §3.2.2: what open registration never gives is refused, not silently granted. */
    @Nested
    class Rfc7591Section3_2_2Privileges {
        @Test
        void whenAskingForThePasswordGrantThenInvalidClientMetadata() {
            assertRefused(register("{\"grant_types\":[\"password\",\"refresh_token\"]}"));
        }

        @Test
        void whenAskingForTheImplicitGrantThenInvalidClientMetadata() {
            assertRefused(register("{" + WEB + ",\"grant_types\":[\"implicit\"],\"response_types\":[\"token\"]}"));
        }

        @Test
        void whenAskingForTokensFromTheAuthorizationEndpointThenInvalidClientMetadata() {
            assertRefused(register("{" + WEB + ",\"response_types\":[\"code id_token token\"]}"));
        }

        @Test
        void whenAskingForIntrospectionThenInvalidClientMetadata() {
            assertRefused(register("{\"grant_types\":[\"client_credentials\"],\"can_introspect\":true}"));
        }

        @Test
        void whenAskingForADefaultAudienceThenInvalidClientMetadata() {
            assertRefused(register("{\"grant_types\":[\"client_credentials\"],\"default_audience\":[\"https://bank.example.com/\"]}"));
        }

        @Test
        void whenAskingForAResourceOutsideTheOperatorsAllowListThenInvalidClientMetadata() {
            assertRefused(register("{\"grant_types\":[\"client_credentials\"],"
                    + "\"allowed_resources\":[\"https://open-api.example.com/\",\"https://payments.example.com/\"]}"));
        }

        @Test
        void whenAskingForAResourceOnTheAllowListThenItIsRegistered() {
            String id = register("{\"grant_types\":[\"client_credentials\"],\"allowed_resources\":[\"https://open-api.example.com/\"]}")
                    .statusCode(201).body("allowed_resources", equalTo(List.of("https://open-api.example.com/")))
                    .body("can_introspect", equalTo(false)).extract().path("client_id");
            assertEquals(List.of("https://open-api.example.com/"), grpc(id).getAllowedResourcesList());
            assertFalse(grpc(id).getCanIntrospect());
        }

        @Test
        void whenAnOrdinaryClientRegistersThenItHasNoResourcesAndNoPrivileges() {
            String id = register("{" + WEB + "}").statusCode(201)
                    .body("allowed_resources", equalTo(List.of())).body("default_audience", equalTo(List.of()))
                    .extract().path("client_id");
            Client c = grpc(id);
            assertEquals(List.of("authorization_code"), c.getGrantTypesList());
            assertEquals(0, c.getAllowedResourcesCount());
        }

        @Test
        void whenAReplacementAddsThePasswordGrantThenInvalidClientMetadataAndNothingChanges() {
            var r = register("{\"grant_types\":[\"client_credentials\"]}").statusCode(201).extract();
            given().header("Authorization", "Bearer " + r.path("registration_access_token"))
                    .contentType(ContentType.JSON).body("{\"grant_types\":[\"client_credentials\",\"password\"]}")
                    .put("/register/" + r.path("client_id")).then().statusCode(400)
                    .body("error", equalTo("invalid_client_metadata"));
            assertEquals(List.of("client_credentials"), grpc(r.path("client_id")).getGrantTypesList());
        }
    }

    /** Self-registered clients are unverified until an administrator verifies them. */
    @Nested
    class Verification {
        @Test
        void whenAClientRegistersItselfThenItIsUnverified() {
            String id = register("{" + WEB + ",\"client_name\":\"Photo Printer\"}").statusCode(201)
                    .body("verified", equalTo(false)).extract().path("client_id");
            assertTrue(grpc(id).getUnverified());
        }

        @Test
        void whenAnAdministratorCreatesAClientThenItIsVerified() {
            String id = AdminClients.uniqueId("verified");
            AdminClients.createConfidential(id);
            assertFalse(grpc(id).getUnverified());
        }

        @Test
        void whenAnAdministratorVerifiesAClientThenItIsNoLongerUnverified() {
            String id = register("{" + WEB + ",\"client_name\":\"Photo Printer\"}").statusCode(201).extract().path("client_id");
            given().header("Authorization", AdminClients.ADMIN).post("/admin/clients/" + id + "/verify").then()
                    .statusCode(200).header("Cache-Control", "no-store").body("verified", equalTo(true));
            assertFalse(grpc(id).getUnverified());
            given().header("Authorization", AdminClients.ADMIN).get("/admin/clients/" + id).then().body("verified", equalTo(true));
        }

        @Test
        void whenVerifyingWithoutTheAdminCredentialThenInvalidToken() {
            String id = register("{" + WEB + "}").statusCode(201).extract().path("client_id");
            given().post("/admin/clients/" + id + "/verify").then().statusCode(401).body("error", equalTo("invalid_token"));
            assertTrue(grpc(id).getUnverified());
        }

        @Test
        void whenVerifyingAnUnknownClientThenNotFound() {
            given().header("Authorization", AdminClients.ADMIN).post("/admin/clients/no-such-client-" + System.nanoTime() + "/verify")
                    .then().statusCode(404).body("error", equalTo("not_found"));
        }

        @Test
        void whenAVerifiedClientRenamesItselfThenItIsUnverifiedAgain() {
            ExtractableResponse<Response> r = register("{" + WEB + ",\"client_name\":\"Photo Printer\"}").statusCode(201).extract();
            String id = r.path("client_id");
            given().header("Authorization", AdminClients.ADMIN).post("/admin/clients/" + id + "/verify").then().statusCode(200);
            String token = r.path("registration_access_token");
            given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                    .body("{" + WEB + ",\"client_name\":\"Photo Printer\",\"contacts\":[\"ops@example.com\"]}")
                    .put("/register/" + id).then().statusCode(200).body("verified", equalTo(true));
            given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                    .body("{" + WEB + ",\"client_name\":\"Photo Printer Pro\"}")
                    .put("/register/" + id).then().statusCode(200).body("verified", equalTo(false));
            assertTrue(grpc(id).getUnverified());
        }

        @Test
        void whenAnAdministratorReplacesAClientThenItsVerificationIsKept() {
            String id = register("{" + WEB + ",\"client_name\":\"Photo Printer\"}").statusCode(201).extract().path("client_id");
            given().header("Authorization", AdminClients.ADMIN).contentType(ContentType.JSON)
                    .body("{" + WEB + ",\"client_name\":\"Photo Printer\"}").put("/admin/clients/" + id).then()
                    .statusCode(200).body("verified", equalTo(false));
        }
    }

    /** A self-registered name cannot pass for the server or its staff. */
    @Nested
    class ClientNames {
        @ParameterizedTest
        @ValueSource(strings = {
                "Portcullis Security Team — please re-enter your password",
                "PORTCULLIS",
                "P0rtcu11is sign-in",
                "Pоrtcullis", // Cyrillic o
                "P o r t c u l l i s",
                "Port\u200Bcullis",
                "Ｐｏｒｔｃｕｌｌｉｓ",
                "Your SECURITY   team",
                "Administrator",
                "Admin console",
                "localhost account check"})
        void whenANameImitatesTheServerThenInvalidClientMetadata(String name) {
            assertRefused(register("{" + WEB + ",\"client_name\":\"" + name + "\"}"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"Photo Printer", "Badminton Club", "Team Calendar", "Security camera viewer"})
        void whenANameIsOrdinaryThenItIsRegistered(String name) {
            register("{" + WEB + ",\"client_name\":\"" + name + "\"}").statusCode(201).body("client_name", equalTo(name));
        }

        @Test
        void whenAReplacementTakesAReservedNameThenInvalidClientMetadata() {
            var r = register("{" + WEB + ",\"client_name\":\"Photo Printer\"}").statusCode(201).extract();
            given().header("Authorization", "Bearer " + r.path("registration_access_token")).contentType(ContentType.JSON)
                    .body("{" + WEB + ",\"client_name\":\"Portcullis Administrator\"}")
                    .put("/register/" + r.path("client_id")).then().statusCode(400)
                    .body("error", equalTo("invalid_client_metadata"));
        }

        @Test
        void whenAnAdministratorNamesAClientAfterTheProductThenItIsAccepted() {
            AdminClients.create("{\"client_id\":\"%s\",\"grant_types\":[\"client_credentials\"],\"client_name\":\"Portcullis Console\"}"
                    .formatted(AdminClients.uniqueId("console"))).statusCode(201);
        }
    }
}
