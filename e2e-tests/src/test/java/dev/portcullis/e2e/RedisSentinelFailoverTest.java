package dev.portcullis.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
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
 * The whole suite on Redis Sentinel (a primary, a replica, three sentinels on loopback ports
 * picked at run time, {@code PC_REDIS_TOPOLOGY=sentinel}) while the primary crashes (SIGKILL)
 * under a steady run of every flow: the sentinels promote the replica, every service follows it,
 * and nothing stored before the crash is lost. Failed requests are allowed only between the crash
 * and the moment the services work on the new primary, and are answered 503
 * {@code temporarily_unavailable} (never 500); that window is measured and printed.
 *
 * <p>token-service runs two replicas, with key polling slowed to 10 minutes, so that a key
 * created on one replica can reach the other only through the key announcement on Redis pub/sub.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("The suite survives a Redis Sentinel failover of its primary")
class RedisSentinelFailoverTest {
    /** Successful passes in a row, after the last failure, that end the failover. */
    private static final int RECOVERED_AFTER = 5;
    private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(90);
    private static final int KEPT = 3;

    private final LocalStack stack = LocalStack.fromSystemProperties()
            .onRedis("sentinel", Map.of("OAUTH_TOKEN_KEYS_POLL_INTERVAL", "PT10M"), "--replicas=token-service=2");

    @RegisterExtension
    final TestWatcher printLogsOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            System.out.println("[e2e] " + context.getDisplayName() + " failed; the stack's logs:\n" + stack.logTails(40));
        }
    };

    /** One pass of the flows under load: when it started and ended ({@link System#nanoTime()}), and how it failed. */
    private record Pass(long startNanos, long endNanos, String failure) {
    }

    private RedisServers redis;
    private GatewayFlows flows;
    private final List<GatewayFlows.Code> keptCodes = new ArrayList<>();
    private final List<String> keptRefreshTokens = new ArrayList<>();
    private String revokedBeforeCrash;
    private boolean failedOver;

    @BeforeAll
    void startTheSuiteOnSentinel() {
        stack.startFresh();
        redis = new RedisServers(stack);
        flows = GatewayFlows.start(stack);
    }

    @AfterAll
    void stopWhateverHappened() {
        stack.down();
    }

    @Test
    @Order(1)
    @DisplayName("before the failover: the flows succeed, and codes, refresh tokens and a revocation are stored")
    void beforeTheFailoverStateIsStored() {
        flows.iteration();
        for (int i = 0; i < KEPT; i++) {
            keptCodes.add(flows.code());
            keptRefreshTokens.add(flows.redeem(flows.code()).refreshToken());
        }
        revokedBeforeCrash = flows.redeem(flows.code()).accessToken();
        flows.revoke(revokedBeforeCrash);
        assertFalse(flows.active(revokedBeforeCrash), "revoked before the crash");
    }

    @Test
    @Order(2)
    @DisplayName("the primary crashes under load: requests fail only until the services work on the promoted replica")
    void primaryCrashesUnderLoad() throws InterruptedException {
        int primary = redis.primaryPort();
        // What the clients were told is stored has reached the replica (a crash loses what has not).
        awaitTrue(() -> redis.replicasCaughtUp(primary), Duration.ofSeconds(20), "the replica caught up with the primary");

        List<Pass> passes = new CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread load = new Thread(() -> {
            while (running.get()) {
                long start = System.nanoTime();
                String failure = null;
                try {
                    flows.iteration();
                } catch (Throwable t) {
                    failure = String.valueOf(t.getMessage()).lines().filter(l -> !l.isBlank()).limit(2)
                            .collect(Collectors.joining(" "));
                }
                passes.add(new Pass(start, System.nanoTime(), failure));
                if (failure != null) {
                    sleep(100);
                }
            }
        }, "redis-failover-load");
        load.start();
        try {
            awaitTrue(() -> passes.size() >= 3, Duration.ofSeconds(60), "the load runs");
            long crash = System.nanoTime();
            redis.crash(primary);

            awaitTrue(() -> redis.primaryPort() != primary, GIVE_UP_AFTER, "the sentinels promote the replica");
            long promotedMs = ms(System.nanoTime() - crash);
            awaitTrue(() -> recovered(passes, crash), GIVE_UP_AFTER,
                    RECOVERED_AFTER + " passes in a row succeed after the crash");
            running.set(false);
            load.join(Duration.ofSeconds(60).toMillis());
            failedOver = true;

            List<Pass> before = passes.stream().filter(p -> p.endNanos() < crash).toList();
            List<Pass> after = passes.stream().filter(p -> p.endNanos() >= crash).toList();
            List<Pass> failed = after.stream().filter(p -> p.failure() != null).toList();
            long lastFailureEnd = failed.isEmpty() ? crash : failed.get(failed.size() - 1).endNanos();
            Map<String, Long> kinds = failed.stream().collect(Collectors.groupingBy(Pass::failure, LinkedHashMap::new,
                    Collectors.counting()));
            System.out.printf("[e2e] Sentinel failover: primary %d killed at 0 ms, replica promoted by +%d ms; %d of %d passes"
                    + " failed, the first ending at +%d ms, the last at +%d ms (the failover window); failures: %s%n",
                    primary, promotedMs, failed.size(), after.size(),
                    failed.isEmpty() ? 0 : ms(failed.get(0).endNanos() - crash), ms(lastFailureEnd - crash), kinds);

            assertTrue(before.stream().allMatch(p -> p.failure() == null), "no failure before the crash: " + before);
            assertTrue(after.stream().filter(p -> p.startNanos() > lastFailureEnd).allMatch(p -> p.failure() == null),
                    "every pass after the window succeeds");
            assertTrue(failed.stream().noneMatch(p -> p.failure().contains("<500>")),
                    "requests in the window are answered 503 temporarily_unavailable, not 500: " + kinds);
        } finally {
            running.set(false);
            load.join(Duration.ofSeconds(60).toMillis());
        }
    }

    @Test
    @Order(3)
    @DisplayName("no code, refresh token or revocation stored before the crash is lost")
    void nothingStoredBeforeTheCrashIsLost() {
        assertTrue(failedOver, "the failover happened");
        for (GatewayFlows.Code code : keptCodes) {
            flows.redeem(code);
        }
        for (String refreshToken : keptRefreshTokens) {
            flows.refresh(refreshToken);
        }
        assertFalse(flows.active(revokedBeforeCrash), "still revoked");
    }

    @Test
    @Order(4)
    @DisplayName("after the failover, revocation notices and client change notices still reach the caches")
    void noticesReachTheCachesAfterTheFailover() {
        assertTrue(failedOver, "the failover happened");
        GatewayFlows.Tokens first = flows.redeem(flows.code());
        assertTrue(flows.active(first.accessToken()), "active, and now cached by revocation-service");
        flows.refresh(first.refreshToken());
        flows.refreshResponse(first.refreshToken()).then().statusCode(400).body("error", equalTo("invalid_grant"));
        assertFalse(flows.active(first.accessToken()), "the cached access token is inactive once its family is revoked");

        GatewayFlows.Client other = flows.registerClient();
        flows.clientCredentials(other);
        flows.setEnabled(other, false);
        flows.clientCredentialsResponse(other).then().statusCode(401).body("error", equalTo("invalid_client"));
    }

    @Test
    @Order(5)
    @DisplayName("after the failover, a key created on one token-service replica is announced to the other")
    void keyAnnouncementReachesTheOtherReplica() {
        assertTrue(failedOver, "the failover happened");
        String admin = stack.demo().get("ADMIN_TOKEN");
        List<String> created = given().header("Authorization", "Bearer " + admin)
                .post(stack.serviceUrl(8082) + "/admin/keys/rotate").then().statusCode(200).extract().jsonPath()
                .getList("created", String.class);
        assertFalse(created.isEmpty(), "keys created");
        String otherReplica = stack.serviceUrl(8082 + 10);
        awaitTrue(() -> given().get(otherReplica + "/jwks").then().extract().jsonPath().getList("keys.kid", String.class)
                .containsAll(created), Duration.ofSeconds(30), "replica 2 publishes " + created + " (it polls every 10 minutes)");
    }

    @Test
    @Order(6)
    @DisplayName("after the failover, every service is ready: Redis answers and the notice subscriptions are up")
    void everyServiceIsReady() {
        assertTrue(failedOver, "the failover happened");
        for (int port : new int[] {8081, 8082, 8092, 8083, 8084}) {
            awaitTrue(() -> given().get(stack.serviceUrl(port) + "/q/health/ready").statusCode() == 200,
                    Duration.ofSeconds(30), "ready on " + port);
        }
        assertNotEquals(redis.nodePorts().get(0), redis.primaryPort(), "the replica is the primary now");
    }

    /** True once the last {@link #RECOVERED_AFTER} passes all started after the crash and succeeded. */
    private static boolean recovered(List<Pass> passes, long crash) {
        List<Pass> all = List.copyOf(passes);
        if (all.size() < RECOVERED_AFTER) {
            return false;
        }
        return all.subList(all.size() - RECOVERED_AFTER, all.size()).stream()
                .allMatch(p -> p.failure() == null && p.startNanos() > crash);
    }

    private static void awaitTrue(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException | AssertionError notYet) {
                // polled again below
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + timeout + ": " + what);
            }
            sleep(50);
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
