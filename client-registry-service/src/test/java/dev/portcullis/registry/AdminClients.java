package dev.portcullis.registry;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.UUID;

/** Test fixture: creates clients through the real admin API, each with a unique id. */
final class AdminClients {
    static final String ADMIN = "Bearer test-admin-token";

    private AdminClients() {
    }

    static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    static ValidatableResponse create(String json) {
        return given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(json)
                .post("/admin/clients").then();
    }

    /** A confidential client_secret_basic client with client_credentials; answers its secret. */
    static String createConfidential(String clientId) {
        return create("""
                {"client_id":"%s","grant_types":["client_credentials"],"token_endpoint_auth_method":"client_secret_basic",
                 "scope":"api"}""".formatted(clientId))
                .statusCode(201).extract().path("client_secret");
    }

    static void createPublic(String clientId) {
        create("""
                {"client_id":"%s","token_endpoint_auth_method":"none","redirect_uris":["http://127.0.0.1/cb"]}"""
                .formatted(clientId)).statusCode(201);
    }
}
