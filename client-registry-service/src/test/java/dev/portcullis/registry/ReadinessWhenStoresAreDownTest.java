package dev.portcullis.registry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * DESIGN "Operations": readiness reports DOWN when PostgreSQL or Redis cannot be reached, so
 * an orchestrator stops routing to the replica. Both stores point at a port nobody listens on
 * (Flyway still migrates through the real JDBC URL so the service can start).
 */
@QuarkusTest
@TestProfile(ReadinessWhenStoresAreDownTest.DeadStores.class)
class ReadinessWhenStoresAreDownTest {

    public static final class DeadStores implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.redis.hosts", "redis://127.0.0.1:1",
                    "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:1/portcullis_test");
        }
    }

    @Test
    void whenPostgresAndRedisAreUnreachableThenReadinessIsDownAndNamesBoth() {
        given().get("/q/health/ready").then()
                .statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'Reactive PostgreSQL connections health check' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'Redis connection health check' }.status", equalTo("DOWN"));
    }

    @Test
    void whenStoresAreUnreachableThenLivenessStaysUp() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void whenStoresAreUnreachableThenAdminReadsAnswer503TemporarilyUnavailableNotAStackTrace() {
        given().header("Authorization", AdminClients.ADMIN).get("/admin/clients/" + AdminClients.uniqueId("x"))
                .then().statusCode(503).header("Retry-After", "1").body("error", equalTo("temporarily_unavailable"));
    }
}
