package dev.portcullis.revocation;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.proto.introspection.v1.IntrospectRequest;
import dev.portcullis.proto.introspection.v1.TokenIntrospectionGrpc;
import dev.portcullis.testing.ServiceProcess;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #6 "instant revocation everywhere": a token revoked through one revocation-service
 * replica is refused by another replica's gRPC cache as soon as the revocation notice reaches
 * it, long before the cache entry would expire. Two replicas of the packaged jar, real
 * client-registry-service, token-service and Redis.
 *
 * <p>Runs after {@code package} (surefire execution {@code replicas}), since it starts this
 * module's own jar. It prints the observed propagation delay; it asserts only that the token
 * became inactive, within a generous bound far below the cache lifetime.
 */
class CrossReplicaRevocationReplicaTest {
    private static final String ADMIN = "Bearer test-admin-token";
    private static final long BOUND_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int ROUNDS = 7;

    static ServiceProcess registry;
    static ServiceProcess token;
    static ServiceProcess replicaA;
    static ServiceProcess replicaB;

    @BeforeAll
    static void start() {
        registry = ServiceProcess.start("client-registry-service", Map.of());
        Map<String, String> registryClient = Map.of(
                "quarkus.grpc.clients.client-registry.host", "127.0.0.1",
                "quarkus.grpc.clients.client-registry.port", String.valueOf(registry.port()));
        token = ServiceProcess.start("token-service", registryClient);
        Map<String, String> revocation = new java.util.HashMap<>(registryClient);
        revocation.put("portcullis.jwks-url", token.url() + "/jwks");
        revocation.put("oauth.revocation.cache-ttl", "PT10M");
        replicaA = ServiceProcess.start("revocation-service", revocation);
        replicaB = ServiceProcess.start("revocation-service", revocation);
    }

    @AfterAll
    static void stop() {
        for (ServiceProcess p : new ServiceProcess[] {replicaB, replicaA, token, registry}) {
            if (p != null) {
                p.close();
            }
        }
    }

    @Test
    void whenRevokedThroughReplicaAThenReplicaBsCachedAnswerTurnsInactive() throws Exception {
        String[] resourceServer = client(true);
        String[] machine = client(false);
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", replicaB.port()).usePlaintext().build();
        try {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), basic(resourceServer));
            var b = TokenIntrospectionGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
            List<Double> delaysMillis = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                String jwt = accessToken(machine);
                IntrospectRequest request = IntrospectRequest.newBuilder().setToken(jwt).build();
                assertTrue(b.introspect(request).getActive());
                assertTrue(b.introspect(request).getActive()); // answered from replica B's cache

                given().baseUri(replicaA.url()).header("Authorization", basic(machine)).formParam("token", jwt)
                        .post("/revoke").then().statusCode(200);
                long revokedAt = System.nanoTime();
                boolean active = true;
                while (active && System.nanoTime() - revokedAt < BOUND_NANOS) {
                    active = b.introspect(request).getActive();
                }
                long observed = System.nanoTime() - revokedAt;
                assertFalse(active, "replica B still reports the revoked token active");
                delaysMillis.add(observed / 1e6);
            }
            assertTrue(cacheHits(replicaB) >= ROUNDS, "replica B answered from its cache before revocation");
            Collections.sort(delaysMillis);
            System.out.printf("Cross-replica revocation: replica B refused the token %.1f ms (median), %.1f ms (min),"
                    + " %.1f ms (max) after replica A answered /revoke, over %d rounds%n",
                    delaysMillis.get(ROUNDS / 2), delaysMillis.get(0), delaysMillis.get(ROUNDS - 1), ROUNDS);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static String[] client(boolean canIntrospect) {
        String id = (canIntrospect ? "rs-" : "machine-") + UUID.randomUUID();
        String secret = given().baseUri(registry.url()).header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("""
                        {"client_id":"%s","grant_types":["client_credentials"],
                         "token_endpoint_auth_method":"client_secret_basic","scope":"api","can_introspect":%s}"""
                        .formatted(id, canIntrospect))
                .post("/admin/clients").then().statusCode(201).extract().path("client_secret");
        return new String[] {id, secret};
    }

    private static String accessToken(String[] client) {
        return given().baseUri(token.url()).header("Authorization", basic(client))
                .formParam("grant_type", "client_credentials").formParam("scope", "api")
                .post("/token").then().statusCode(200).extract().path("access_token");
    }

    private static String basic(String[] client) {
        return "Basic " + Base64.getEncoder().encodeToString((client[0] + ":" + client[1]).getBytes(StandardCharsets.UTF_8));
    }

    private static double cacheHits(ServiceProcess replica) {
        String metrics = given().baseUri(replica.url()).get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(l -> l.startsWith("portcullis_introspection_cache_total") && l.contains("result=\"hit\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
