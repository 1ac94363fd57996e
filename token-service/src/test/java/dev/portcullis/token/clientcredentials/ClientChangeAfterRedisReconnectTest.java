package dev.portcullis.token.clientcredentials;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.clients.ClientDirectory;
import dev.portcullis.testing.ServiceTestResource;
import dev.portcullis.token.RegisteredClients;
import dev.portcullis.token.RegisteredClients.Registered;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * User story: an operator disables a client, and token-service stops issuing to it within
 * seconds, even when token-service's Redis pub/sub connection (which carries the client change
 * notices) was dropped and re-established in between, as after a Redis restart. A notice sent
 * while the subscription is down is lost, so the client cache must not answer until it is back.
 */
@QuarkusTest
@WithTestResource(value = ServiceTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, initArgs = {
        @ResourceArg(name = "module", value = "client-registry-service"),
        @ResourceArg(name = "grpc-client", value = "client-registry"),
        @ResourceArg(name = "url-property", value = "test.client-registry.url")})
class ClientChangeAfterRedisReconnectTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    RedisDataSource redis;

    @Inject
    ClientDirectory clients;

    @Test
    void whenThePubSubConnectionDropsThenADisabledClientIsRefusedAndTheCacheResumesAfterReconnecting()
            throws Exception {
        Registered client = RegisteredClients.machine("");
        token(client, 200);
        await("the client cache listens for change notices", clients::listening);

        redis.execute("CLIENT", "KILL", "TYPE", "pubsub");
        disable(client.id());
        await("a client disabled while the subscription was down is refused", () -> status(client) == 401);

        await("the subscription is re-established and the cache serves again", clients::listening);
        enable(client.id());
        await("the re-enabled client is accepted", () -> status(client) == 200);
        token(client, 200); // cached again
        disable(client.id());
        await("a notice sent after reconnecting drops the cached client", () -> status(client) == 401);
    }

    private static int status(Registered client) {
        return given().auth().preemptive().basic(client.id(), client.secret())
                .formParam("grant_type", "client_credentials").post("/token").statusCode();
    }

    private static void token(Registered client, int expected) {
        given().auth().preemptive().basic(client.id(), client.secret())
                .formParam("grant_type", "client_credentials").post("/token").then().statusCode(expected);
    }

    private static void disable(String id) {
        admin(id, "disable");
    }

    private static void enable(String id) {
        admin(id, "enable");
    }

    private static void admin(String id, String action) {
        given().baseUri(RegisteredClients.registryUrl()).header("Authorization", "Bearer test-admin-token")
                .post("/admin/clients/" + id + "/" + action).then().statusCode(200);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                assertTrue(false, what + " (waited " + WAIT + ")");
            }
            Thread.sleep(50);
        }
    }
}
