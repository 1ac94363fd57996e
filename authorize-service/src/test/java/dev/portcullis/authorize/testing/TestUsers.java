package dev.portcullis.authorize.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;

/** Creates users through this service's own admin API, each with a unique username. */
public final class TestUsers {
    public static final String PASSWORD = "correct horse battery staple";

    /** A created user. */
    public record TestUser(String username, String subject) {
    }

    private TestUsers() {
    }

    public static TestUser create() {
        String username = "user-" + UUID.randomUUID();
        String sub = given().header("Authorization", "Bearer test-admin-token").contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", PASSWORD, "email", username + "@example.com",
                        "email_verified", true, "name", "Ada Lovelace", "given_name", "Ada", "family_name", "Lovelace"))
                .post("/admin/users").then().statusCode(201).extract().path("sub");
        return new TestUser(username, sub);
    }
}
