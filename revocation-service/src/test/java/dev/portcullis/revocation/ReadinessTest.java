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

/** Readiness reports DOWN when Redis, the only store of revocation-service, is unreachable. */
@QuarkusTest
@TestProfile(ReadinessTest.DeadRedis.class)
class ReadinessTest {

    /** Points Redis at a port nothing listens on. */
    public static final class DeadRedis implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            int port = ServiceProcess.freePort();
            return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + port);
        }
    }

    @Test
    void whenRedisIsUnreachableThenReadinessIsDown() {
        given().get("/q/health/ready").then()
                .statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.findAll { it.status == 'DOWN' }.name", hasItem("revocation-notices"));
    }

    @Test
    void whenRedisIsUnreachableThenLivenessIsStillUp() {
        given().get("/q/health/live").then()
                .statusCode(200)
                .body("status", equalTo("UP"));
    }
}
