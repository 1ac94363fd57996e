package dev.portcullis.registry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.portcullis.testing.TestIssuer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The client admin API takes an access token this server issued for the audience
 * {@code <issuer>/admin} (RFC 9068), and the admin scope of the call (RFC 6750 §3.1).
 */
@QuarkusTest
class AdminAccessTest {
    private static final String CLIENT = """
            {"client_id":"%s","grant_types":["client_credentials"],"scope":"api"}""";

    private static RequestSpecification with(String authorization) {
        return given().header("Authorization", authorization).contentType(ContentType.JSON);
    }

    @Nested
    class Rfc6750Section3_1InvalidToken {
        @Test
        void whenTheAudienceIsNotTheAdminApiThen401InvalidTokenWithBearerChallenge() {
            String token = TestIssuer.get().accessToken("someone", "some-client", TestIssuer.ISSUER, TestIssuer.ALL_ADMIN_SCOPES);
            with("Bearer " + token).get("/admin/clients").then().statusCode(401)
                    .header("WWW-Authenticate", startsWith("Bearer error=\"invalid_token\""))
                    .body("error", equalTo("invalid_token"));
        }

        @Test
        void whenTheTokenIsNotSignedByTheIssuerThen401() {
            String token = TestIssuer.get().adminToken(TestIssuer.ALL_ADMIN_SCOPES);
            String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA";
            with("Bearer " + forged).get("/admin/clients").then().statusCode(401).body("error", equalTo("invalid_token"));
        }

        @Test
        void whenNoTokenThen401() {
            given().get("/admin/clients").then().statusCode(401)
                    .header("WWW-Authenticate", startsWith("Bearer error=\"invalid_token\""));
        }
    }

    @Nested
    class Rfc6750Section3_1InsufficientScope {
        @Test
        void whenReadOnlyThenClientsAreReadButNotChanged() {
            String id = AdminClients.uniqueId("read-only");
            String readOnly = TestIssuer.adminBearer("admin:read");
            with(readOnly).get("/admin/clients").then().statusCode(200);
            with(readOnly).body(CLIENT.formatted(id)).post("/admin/clients").then().statusCode(403)
                    .header("WWW-Authenticate", startsWith("Bearer error=\"insufficient_scope\""))
                    .body("error", equalTo("insufficient_scope"));
            with(TestIssuer.adminBearer()).get("/admin/clients/" + id).then().statusCode(404);
        }

        @Test
        void whenTheScopeIsUsersThenClientsAreNeitherReadNorChanged() {
            String users = TestIssuer.adminBearer("admin:users");
            with(users).get("/admin/clients").then().statusCode(403).body("error", equalTo("insufficient_scope"));
            with(users).body(CLIENT.formatted(AdminClients.uniqueId("users"))).post("/admin/clients").then().statusCode(403);
        }

        @Test
        void whenTheScopeIsClientsThenAClientIsCreatedAndDeleted() {
            String id = AdminClients.uniqueId("clients-scope");
            String clients = TestIssuer.adminBearer("admin:clients");
            with(clients).body(CLIENT.formatted(id)).post("/admin/clients").then().statusCode(201);
            with(clients).get("/admin/clients/" + id).then().statusCode(200);
            with(clients).delete("/admin/clients/" + id).then().statusCode(204);
        }
    }

    /** Whoever registers itself never gets an admin scope, whatever the registration mode. */
    @Test
    void whenDynamicRegistrationAsksForAnAdminScopeThenInvalidClientMetadata() {
        given().contentType(ContentType.JSON)
                .body("{\"redirect_uris\":[\"https://app.example.com/cb\"],\"scope\":\"openid admin:clients\"}")
                .post("/register").then().statusCode(400).body("error", equalTo("invalid_client_metadata"));
    }
}
