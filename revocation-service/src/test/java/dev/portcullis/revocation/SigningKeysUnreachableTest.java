package dev.portcullis.revocation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.portcullis.testing.ServiceProcess;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Readiness stays DOWN while token-service's JWKS cannot be fetched: no JWT could be verified. */
@QuarkusTest
@TestProfile(SigningKeysUnreachableTest.DeadJwks.class)
class SigningKeysUnreachableTest {

    /** Points the JWKS URL at a port nothing listens on. */
    public static final class DeadJwks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            int port = ServiceProcess.freePort();
            return Map.of("portcullis.jwks-url", "http://127.0.0.1:" + port + "/jwks");
        }
    }

    @Test
    void whenJwksIsUnreachableThenReadinessIsDownOnSigningKeys() {
        given().get("/q/health/ready").then()
                .statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.findAll { it.status == 'DOWN' }.name", hasItem("signing-keys"));
    }

    @Test
    void whenJwksIsUnreachableThenLivenessIsStillUp() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
