package dev.portcullis.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The whole suite on a real Redis Cluster: three masters in cluster mode on loopback ports picked
 * at run time, started and stopped with the stack ({@code PC_REDIS_TOPOLOGY=cluster}). Every key
 * that one command or script touches with another shares its hash tag, so no command meets a
 * {@code CROSSSLOT} refusal; scripts run on the node of their keys' slot; pub/sub notices
 * published on one node reach subscribers connected to another.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("The suite runs on a Redis Cluster of three masters")
class RedisClusterTest {
    private final LocalStack stack = LocalStack.fromSystemProperties().onRedis("cluster", Map.of());

    @RegisterExtension
    final TestWatcher printLogsOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            System.out.println("[e2e] " + context.getDisplayName() + " failed; the stack's logs:\n" + stack.logTails(40));
        }
    };

    private RedisServers redis;
    private GatewayFlows flows;
    private boolean stopped;

    @BeforeAll
    void startTheSuiteOnACluster() {
        stack.startFresh();
        redis = new RedisServers(stack);
        flows = GatewayFlows.start(stack);
    }

    @AfterAll
    void stopWhateverHappened() {
        if (!stopped) {
            stack.down();
        }
    }

    @Test
    @Order(1)
    @DisplayName("code flow, refresh, client_credentials, introspection and revocation succeed, with records on all three masters")
    void flowsSucceedWithRecordsOnEveryMaster() {
        for (int i = 0; i < 4; i++) {
            flows.iteration();
        }
        for (int port : redis.nodePorts()) {
            assertTrue(redis.keyCount(port) > 0, "the master on port " + port + " holds some of the records");
        }
    }

    @Test
    @Order(2)
    @DisplayName("Lua scripts reach the node of their keys' slot, also after every node forgot them (NOSCRIPT, then EVAL)")
    void scriptsRunOnTheirSlotsNodeAfterNoscript() {
        for (int port : redis.nodePorts()) {
            redis.flushScripts(port);
        }
        flows.iteration();
        flows.iteration();
    }

    @Test
    @Order(3)
    @DisplayName("a refresh token replayed at token-service revokes an access token revocation-service had cached as active (revocation notice)")
    void revocationNoticeReachesTheIntrospectionCache() {
        GatewayFlows.Tokens first = flows.redeem(flows.code());
        assertTrue(flows.active(first.accessToken()), "active, and now cached by revocation-service");
        flows.refresh(first.refreshToken());

        flows.refreshResponse(first.refreshToken()).then().statusCode(400).body("error", equalTo("invalid_grant"));

        assertFalse(flows.active(first.accessToken()), "the cached access token is inactive once its family is revoked");
    }

    @Test
    @Order(4)
    @DisplayName("a client disabled at client-registry is refused at once by token-service's client cache (client change notice)")
    void clientChangeNoticeReachesTheClientCache() {
        GatewayFlows.Client other = flows.registerClient();
        flows.clientCredentials(other);

        flows.setEnabled(other, false);
        flows.clientCredentialsResponse(other).then().statusCode(401).body("error", equalTo("invalid_client"));

        flows.setEnabled(other, true);
        flows.clientCredentials(other);
    }

    @Test
    @Order(5)
    @DisplayName("every service is ready: Redis answers and the notice subscriptions are up")
    void everyServiceIsReady() {
        for (int port : new int[] {8081, 8082, 8083, 8084}) {
            given().get(stack.serviceUrl(port) + "/q/health/ready").then().statusCode(200);
        }
    }

    @Test
    @Order(6)
    @DisplayName("down.sh stops the cluster's servers with the stack")
    void downStopsTheCluster() {
        stopped = true;
        assertEquals(0, stack.down(), "down.sh exit code");
        List<Integer> answering = new ArrayList<>();
        for (int port : redis.nodePorts()) {
            if (listening(port)) {
                answering.add(port);
            }
        }
        assertEquals(List.of(), answering, "cluster nodes still listening after down.sh");
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
