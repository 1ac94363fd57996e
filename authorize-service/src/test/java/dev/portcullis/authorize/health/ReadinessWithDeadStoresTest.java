package dev.portcullis.authorize.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Readiness really checks the stores: with Redis and PostgreSQL unreachable it reports DOWN. */
@QuarkusTest
@TestProfile(ReadinessWithDeadStoresTest.DeadStores.class)
class ReadinessWithDeadStoresTest {

    /** Redis and the reactive PostgreSQL pool point at ports nothing listens on (migrations still run). */
    public static final class DeadStores implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.redis.hosts", "redis://127.0.0.1:1",
                    "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:1/portcullis_test",
                    "quarkus.redis.timeout", "2s");
        }
    }

    @Test
    void whenStoresAreUnreachableThenReadinessIsDown() {
        given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"))
                .body("checks.status", hasItem("DOWN"));
    }

    @Test
    void whenStoresAreUnreachableThenLivenessStaysUp() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
