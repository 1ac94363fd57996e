package dev.portcullis.authorize;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The service starts against the real PostgreSQL and Redis and answers as a product should. */
@QuarkusTest
class ServiceStartTest {

    @Test
    void whenStartedThenReadyWithPostgresAndRedis() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void whenPathIsUnknownThenJsonNotFoundWithoutInternals() {
        given().get("/no-such-path").then()
                .statusCode(404)
                .contentType("application/json")
                .header("Cache-Control", "no-store")
                .body("error", equalTo("not_found"));
    }
}
