package dev.portcullis.registry;

import static dev.portcullis.registry.AdminClients.ADMIN;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.contract.RedisKeys;
import dev.portcullis.proto.records.v1.ClientChangeNotice;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every change publishes a ClientChangeNotice (protobuf bytes) on the client change channel,
 * which is how other services' caches drop a client at once. The test subscribes for real.
 */
@QuarkusTest
class ClientChangeNoticeTest {
    private static final long WAIT_SECONDS = 10;

    @Inject
    ReactiveRedisDataSource redis;

    private final LinkedBlockingQueue<ClientChangeNotice> received = new LinkedBlockingQueue<>();
    private ReactivePubSubCommands.ReactiveRedisSubscriber subscriber;

    @BeforeEach
    void subscribe() {
        subscriber = redis.pubsub(byte[].class).subscribe(RedisKeys.CLIENT_CHANGE_CHANNEL, bytes -> {
            try {
                received.add(ClientChangeNotice.parseFrom(bytes));
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
        }).await().atMost(Duration.ofSeconds(WAIT_SECONDS));
    }

    @AfterEach
    void unsubscribe() {
        subscriber.unsubscribe().await().atMost(Duration.ofSeconds(WAIT_SECONDS));
    }

    /** Notices of other test runs share the channel: wait for the one about this client. */
    private ClientChangeNotice next(String clientId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            ClientChangeNotice n = received.poll(1, TimeUnit.SECONDS);
            if (n != null && n.getClientId().equals(clientId)) {
                return n;
            }
        }
        return null;
    }

    @Test
    void whenAClientGoesThroughItsLifeThenEachChangeIsPublishedInOrder() throws Exception {
        String id = AdminClients.uniqueId("notice");
        AdminClients.createConfidential(id);
        assertChange(id, ClientChangeNotice.Change.CREATED);

        given().header("Authorization", ADMIN).contentType("application/json")
                .body("{\"grant_types\":[\"client_credentials\"],\"scope\":\"other\"}")
                .put("/admin/clients/" + id).then().statusCode(200);
        assertChange(id, ClientChangeNotice.Change.UPDATED);

        given().header("Authorization", ADMIN).post("/admin/clients/" + id + "/disable").then().statusCode(200);
        assertChange(id, ClientChangeNotice.Change.UPDATED);

        given().header("Authorization", ADMIN).post("/admin/clients/" + id + "/secret").then().statusCode(200);
        assertChange(id, ClientChangeNotice.Change.SECRET_ROTATED);

        given().header("Authorization", ADMIN).delete("/admin/clients/" + id).then().statusCode(204);
        assertChange(id, ClientChangeNotice.Change.DELETED);
    }

    @Test
    void whenAClientRegistersDynamicallyThenACreatedNoticeIsPublished() throws Exception {
        String id = given().contentType("application/json").body("{\"grant_types\":[\"client_credentials\"]}")
                .post("/register").then().statusCode(201).extract().path("client_id");
        assertChange(id, ClientChangeNotice.Change.CREATED);
    }

    private void assertChange(String id, ClientChangeNotice.Change expected) throws InterruptedException {
        ClientChangeNotice n = next(id);
        assertNotNull(n, "no notice for " + id);
        assertEquals(expected, n.getChange());
        assertTrue(n.getChangedAt() > 0);
    }
}
