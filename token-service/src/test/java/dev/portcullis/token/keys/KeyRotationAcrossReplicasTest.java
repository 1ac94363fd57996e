package dev.portcullis.token.keys;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import dev.portcullis.testing.ServiceProcess;
import dev.portcullis.token.Jwts;
import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DESIGN "Tokens and keys": two running token-service replicas (this module's packaged jar) and a
 * real client-registry-service. A rotation asked of one replica is published by both before
 * either signs with the new key, both switch without a restart, and no token issued during the
 * switch fails verification against the other replica's JWKS.
 *
 * <p>Runs in the {@code package} phase (see pom.xml), after the jar it starts is built.
 */
class KeyRotationAcrossReplicasTest {
    /** The services' %test database (overridable as Quarkus allows, with _TEST_QUARKUS_DATASOURCE_JDBC_URL). */
    private static final String TEST_DATABASE = System.getenv().getOrDefault("_TEST_QUARKUS_DATASOURCE_JDBC_URL",
            "jdbc:postgresql://127.0.0.1:5432/portcullis_test");
    private static ServiceProcess registry;
    private static ServiceProcess a;
    private static ServiceProcess b;
    private static String clientId;
    private static String secret;
    /** A schema of their own, so the replicas really start on an empty key table. */
    private static final String SCHEMA = "token_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static Set<String> kidsAtStartOfA;
    private static Set<String> kidsAtStartOfB;

    @BeforeAll
    static void start() {
        registry = ServiceProcess.start("client-registry-service", Map.of());
        Map<String, String> props = Map.of(
                "quarkus.grpc.clients.client-registry.host", "127.0.0.1",
                "quarkus.grpc.clients.client-registry.port", String.valueOf(registry.port()),
                "oauth.token.keys.propagation-delay", "PT4S",
                "oauth.token.keys.poll-interval", "PT1S",
                "quarkus.flyway.schemas", SCHEMA,
                "quarkus.flyway.default-schema", SCHEMA,
                "quarkus.hibernate-orm.database.default-schema", SCHEMA);
        CompletableFuture<ServiceProcess> first = CompletableFuture.supplyAsync(() -> ServiceProcess.start("token-service", props));
        CompletableFuture<ServiceProcess> second = CompletableFuture.supplyAsync(() -> ServiceProcess.start("token-service", props));
        a = first.join();
        b = second.join();
        kidsAtStartOfA = kids(a);
        kidsAtStartOfB = kids(b);
        clientId = "replicas-" + UUID.randomUUID();
        secret = given().baseUri(registry.url()).header("Authorization", "Bearer test-admin-token")
                .contentType(ContentType.JSON).body("""
                        {"client_id":"%s","grant_types":["client_credentials"],
                         "token_endpoint_auth_method":"client_secret_basic","scope":"api"}""".formatted(clientId))
                .post("/admin/clients").then().statusCode(201).extract().path("client_secret");
    }

    @AfterAll
    static void stop() throws Exception {
        for (ServiceProcess p : new ServiceProcess[] {a, b, registry}) {
            if (p != null) {
                p.close();
            }
        }
        try (Connection c = DriverManager.getConnection(TEST_DATABASE, "portcullis", "portcullis");
                Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    static String token(ServiceProcess replica) {
        return given().baseUri(replica.url()).auth().preemptive().basic(clientId, secret)
                .formParam("grant_type", "client_credentials").post("/token")
                .then().statusCode(200).extract().path("access_token");
    }

    static String jwks(ServiceProcess replica) {
        return given().baseUri(replica.url()).get("/jwks").then().statusCode(200).extract().asString();
    }

    static Set<String> kids(ServiceProcess replica) {
        return new HashSet<>(given().baseUri(replica.url()).get("/jwks").then().statusCode(200)
                .extract().jsonPath().getList("keys.kid", String.class));
    }

    @Test
    void whenTwoReplicasStartTogetherOnAnEmptyTableThenOneKeyPerAlgorithmIsCreated() {
        assertThat(kidsAtStartOfA, hasSize(2));
        assertThat(kidsAtStartOfA, is(kidsAtStartOfB));
    }

    @Test
    void whenOneReplicaRotatesThenBothSwitchAndNoTokenFailsVerificationDuringTheSwitch() throws Exception {
        String before = Jwts.header(token(a)).getKeyIdHeaderValue();
        List<String> created = given().baseUri(a.url()).header("Authorization", "Bearer test-admin-token")
                .post("/admin/keys/rotate").then().statusCode(200).extract().jsonPath().getList("created", String.class);
        assertThat(created, hasSize(2));

        Set<String> switched = new HashSet<>();
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (switched.size() < 2 && System.nanoTime() < deadline) {
            for (ServiceProcess replica : List.of(a, b)) {
                ServiceProcess other = replica == a ? b : a;
                String jwt = token(replica);
                // Throws AssertionError if the other replica does not publish the signing key.
                Jwts.verify(jwt, jwks(other));
                String kid = Jwts.header(jwt).getKeyIdHeaderValue();
                seen.add(kid);
                if (created.contains(kid)) {
                    switched.add(replica.url());
                }
            }
            Thread.sleep(200);
        }
        assertThat("both replicas sign with the new key", switched, hasSize(2));
        assertThat(seen, hasItem(before));
        assertThat("the retired key stays published", kids(a), hasItem(before));
        assertThat(kids(b), hasItem(before));
    }

    @Test
    void whenRotationIsRequestedWithoutTheAdminCredentialThenItIsRefused() {
        given().baseUri(a.url()).header("Authorization", "Bearer wrong").post("/admin/keys/rotate")
                .then().statusCode(401);
    }
}
