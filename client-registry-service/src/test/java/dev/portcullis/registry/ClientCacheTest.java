package dev.portcullis.registry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.contract.RedisKeys;
import dev.portcullis.proto.client.v1.AuthenticateClientRequest;
import dev.portcullis.proto.client.v1.ClientRegistry;
import dev.portcullis.proto.records.v1.ClientChangeNotice;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * DESIGN "Hot paths": AuthenticateClient serves a known client from memory (no database call),
 * and a ClientChangeNotice from another replica drops the entry. The other replica's change is
 * simulated by writing the row directly and publishing its notice.
 */
@QuarkusTest
class ClientCacheTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @GrpcClient("client-registry")
    ClientRegistry registry;

    @Inject
    DataSource dataSource;

    @Inject
    ReactiveRedisDataSource redis;

    private boolean authenticates(String id, String secret) {
        return registry.authenticateClient(AuthenticateClientRequest.newBuilder().setClientId(id)
                .setAuthMethod("client_secret_basic").setClientSecret(secret).build()).await().atMost(WAIT)
                .getAuthenticated();
    }

    @Test
    void whenAnotherReplicaDisablesAClientThenTheCachedRecordServesUntilTheNoticeArrives() throws Exception {
        String id = AdminClients.uniqueId("cache");
        String secret = AdminClients.createConfidential(id);
        assertTrue(authenticates(id, secret));

        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "update client_registry.clients set enabled = false where client_id = ?")) {
            s.setString(1, id);
            s.executeUpdate();
        }
        assertTrue(authenticates(id, secret), "a cached client is authenticated without reading the database");

        redis.pubsub(byte[].class).publish(RedisKeys.CLIENT_CHANGE_CHANNEL, ClientChangeNotice.newBuilder()
                .setClientId(id).setChange(ClientChangeNotice.Change.UPDATED)
                .setChangedAt(Instant.now().getEpochSecond()).build().toByteArray()).await().atMost(WAIT);

        long deadline = System.nanoTime() + WAIT.toNanos();
        boolean refused = false;
        while (!refused && System.nanoTime() < deadline) {
            refused = !authenticates(id, secret);
            if (!refused) {
                Thread.sleep(50);
            }
        }
        assertTrue(refused, "the notice dropped the cached client within " + WAIT);
        assertFalse(authenticates(id, secret));
    }
}
