package dev.portcullis.token;

import static io.restassured.RestAssured.get;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DESIGN "Operations": the service starts without Redis, stays alive, and reports not ready. */
@QuarkusTest
@TestProfile(ReadinessWithDeadStoreTest.DeadRedis.class)
class ReadinessWithDeadStoreTest {

    public static final class DeadRedis implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:1");
        }
    }

    @Test
    void whenRedisIsUnreachableThenLivenessIsUpAndReadinessIsDown() {
        get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"))
                .body("checks.status", hasItem("DOWN"));
    }

    @Test
    void whenRedisIsUnreachableThenKeysAndDiscoveryAreStillServed() {
        get("/jwks").then().statusCode(200);
        get("/.well-known/openid-configuration").then().statusCode(200);
    }
}
