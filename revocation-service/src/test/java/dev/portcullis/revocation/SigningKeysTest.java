package dev.portcullis.revocation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * token-service's signing keys are fetched at start-up, before readiness reports UP, so the
 * first JWT introspection does not wait for them (RFC 9068 §4 validation needs the keys).
 */
@QuarkusTest
@WithTestResource(PortcullisServices.class)
class SigningKeysTest {

    @Test
    void whenJwksWasFetchedAtStartThenReadinessIsUp() {
        given().get("/q/health/ready").then()
                .statusCode(200)
                .body("checks.findAll { it.status == 'UP' }.name", hasItem("signing-keys"));
    }

    @Test
    void whenReadyThenTheFirstJwtIntrospectionIsActive() {
        RegisteredClients.Registered machine = RegisteredClients.machine();
        given().header("Authorization", RegisteredClients.introspector().basic())
                .formParam("token", Tokens.clientCredentials(machine, "api"))
                .post("/introspect").then().statusCode(200).body("active", equalTo(true));
    }
}
