package dev.portcullis.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.equalToIgnoringCase;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
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
 * The user story of issue #2: a new user starts the whole suite with {@code deploy/local/up.sh},
 * finds it at the issuer through nginx (RFC 8414 / OIDC Discovery), gets a token with the demo
 * client (RFC 6749 §4.4, {@code client_secret_basic}), checks its signature against the
 * published keys (RFC 9068 §4, RFC 7517) and has it introspected (RFC 7662), runs up.sh once more
 * without harm, then stops everything with {@code deploy/local/down.sh} and finds nothing left
 * running.
 *
 * <p>The steps run in order against one stack; a failed step prints the tail of every log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("A new user starts the suite, gets a first token through the gateway, checks it and stops the suite")
class FirstTokenThroughTheLocalStackTest {
    private static final RestAssuredConfig FORM_AS_IS = RestAssured.config()
            .encoderConfig(EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false));

    private final LocalStack stack = LocalStack.fromSystemProperties();

    @RegisterExtension
    final TestWatcher printLogsOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            System.out.println("[e2e] " + context.getDisplayName() + " failed; the stack's logs:\n" + stack.logTails(40));
        }
    };

    private String issuer;
    private Map<String, String> demo;
    private List<ProcessHandle> started = List.of();
    private Map<String, Long> recordedPids = Map.of();
    private JsonPath discovery;
    private String accessToken;
    private boolean stopped;

    @BeforeAll
    void startTheSuiteWithUpSh() {
        stack.startFresh();
        demo = stack.demo();
        issuer = demo.get("ISSUER");
        started = stack.recordedProcesses();
        recordedPids = stack.recordedPids();
    }

    @AfterAll
    void stopTheSuiteWhateverHappened() {
        if (!stopped) {
            stack.down();
        }
    }

    @Test
    @Order(1)
    @DisplayName("discovery is served at the issuer through nginx and names the issuer's own endpoints")
    void discoveryThroughTheGatewayNamesTheIssuersEndpoints() {
        assertEquals("http://localhost:" + stack.gatewayPort(), issuer, "the issuer is the gateway's origin");
        discovery = given().get(issuer + "/.well-known/openid-configuration")
                .then().statusCode(200)
                .header("Server", equalToIgnoringCase("nginx"))
                .body("issuer", equalTo(issuer))
                .body("token_endpoint", equalTo(issuer + "/token"))
                .body("jwks_uri", equalTo(issuer + "/jwks"))
                .body("introspection_endpoint", equalTo(issuer + "/introspect"))
                .body("grant_types_supported", hasItem("client_credentials"))
                .extract().jsonPath();

        given().get(issuer + "/.well-known/oauth-authorization-server")
                .then().statusCode(200)
                .body("issuer", equalTo(issuer));
    }

    @Test
    @Order(2)
    @DisplayName("the demo client gets a client_credentials access token with HTTP Basic authentication")
    void demoClientGetsAClientCredentialsToken() {
        assumeTrue(discovery != null, "discovery failed");
        JsonPath token = demoClient()
                .formParam("grant_type", "client_credentials")
                .formParam("scope", "api")
                .post(discovery.getString("token_endpoint"))
                .then().statusCode(200)
                .header("Cache-Control", containsString("no-store"))
                .body("token_type", equalToIgnoringCase("Bearer"))
                .body("expires_in", greaterThan(0))
                .extract().jsonPath();
        accessToken = token.getString("access_token");
        assertNotNull(accessToken, "access_token");
    }

    @Test
    @Order(3)
    @DisplayName("the access token is an RFC 9068 JWT whose signature verifies against /jwks, and a tampered copy does not")
    void accessTokenSignatureVerifiesAgainstTheJwks() throws ParseException, JOSEException {
        assumeTrue(accessToken != null, "no access token");
        JWKSet keys = JWKSet.parse(given().get(discovery.getString("jwks_uri"))
                .then().statusCode(200).extract().asString());
        SignedJWT jwt = SignedJWT.parse(accessToken);
        assertEquals(new JOSEObjectType("at+jwt"), jwt.getHeader().getType(), "RFC 9068 §2.1 typ");
        JWK key = keys.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertNotNull(key, "/jwks publishes the key " + jwt.getHeader().getKeyID());
        JWSVerifier verifier = new DefaultJWSVerifierFactory()
                .createJWSVerifier(jwt.getHeader(), ((AsymmetricJWK) key).toPublicKey());
        assertTrue(jwt.verify(verifier), "signature verifies with the published key");

        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertEquals(issuer, claims.getIssuer());
        assertEquals(demo.get("DEMO_CLIENT_ID"), claims.getStringClaim("client_id"));
        assertTrue(Arrays.asList(claims.getStringClaim("scope").split(" ")).contains("api"), "scope has api");
        assertTrue(claims.getExpirationTime().after(new Date()), "not expired");

        String[] parts = accessToken.split("\\.");
        String otherPayload = Base64URL.encode(claims.toString().replace(demo.get("DEMO_CLIENT_ID"), "someone-else")).toString();
        SignedJWT tampered = SignedJWT.parse(parts[0] + "." + otherPayload + "." + parts[2]);
        assertFalse(tampered.verify(verifier), "a changed payload no longer verifies");
    }

    @Test
    @Order(4)
    @DisplayName("introspection through the gateway reports the token active for the demo client, and an unknown one inactive")
    void introspectionReportsTheTokenActive() {
        assumeTrue(accessToken != null, "no access token");
        String endpoint = discovery.getString("introspection_endpoint");
        demoClient().formParam("token", accessToken).post(endpoint)
                .then().statusCode(200)
                .body("active", equalTo(true))
                .body("client_id", equalTo(demo.get("DEMO_CLIENT_ID")))
                .body("iss", equalTo(issuer));
        demoClient().formParam("token", "not-a-token-this-server-issued").post(endpoint)
                .then().statusCode(200)
                .body("active", equalTo(false));
    }

    @Test
    @Order(5)
    @DisplayName("up.sh seeded the demo clients for this gateway's callbacks and the demo user through the admin APIs")
    void demoClientsAndUserAreSeeded() {
        given().header("Authorization", "Bearer " + demo.get("ADMIN_TOKEN"))
                .get(stack.serviceUrl(8084) + "/admin/clients/" + demo.get("DEMO_CLIENT_ID"))
                .then().statusCode(200)
                .body("token_endpoint_auth_method", equalTo("client_secret_basic"))
                .body("redirect_uris", hasItem("http://localhost:" + stack.gatewayPort() + "/demo/callback"))
                .body("redirect_uris", hasItem("http://127.0.0.1:" + stack.gatewayPort() + "/demo/callback"));
        given().header("Authorization", "Bearer " + demo.get("ADMIN_TOKEN"))
                .get(stack.serviceUrl(8084) + "/admin/clients/" + demo.get("DEMO_PUBLIC_CLIENT_ID"))
                .then().statusCode(200)
                .body("token_endpoint_auth_method", equalTo("none"))
                .body("redirect_uris", hasItem("http://127.0.0.1/callback"));
        given().header("Authorization", "Bearer " + demo.get("ADMIN_TOKEN"))
                .get(stack.serviceUrl(8081) + "/admin/users/by-username/" + demo.get("DEMO_USERNAME"))
                .then().statusCode(200);
        assertFalse(demo.get("DEMO_PASSWORD").isEmpty(), "demo.env has the demo user's password");
    }

    @Test
    @Order(6)
    @DisplayName("the gateway keeps admin APIs, health and metrics private")
    void gatewayDoesNotRouteAdminApis() {
        given().header("Authorization", "Bearer " + demo.get("ADMIN_TOKEN"))
                .get(issuer + "/admin/clients/" + demo.get("DEMO_CLIENT_ID"))
                .then().statusCode(404);
        given().get(issuer + "/q/health/ready").then().statusCode(404);
        given().get(issuer + "/q/metrics").then().statusCode(404);
    }

    @Test
    @Order(7)
    @DisplayName("running up.sh again keeps the running processes and the demo credentials")
    void upShAgainIsHarmless() {
        stack.up();
        assertEquals(demo, stack.demo(), "demo.env after the second up.sh");
        assertEquals(recordedPids, stack.recordedPids(), "the pids of nginx and the services");
        assertTrue(recordedPids.values().stream().allMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive)
                .orElse(false)), "nginx and every service still run");
        started = stack.recordedProcesses();
    }

    @Test
    @Order(8)
    @DisplayName("down.sh stops every process up.sh started and frees every port")
    void downStopsEverythingUpStarted() {
        assertFalse(started.isEmpty(), "up.sh recorded the processes it started");
        stopped = true;
        assertEquals(0, stack.down(), "down.sh exit code");

        List<String> stillRunning = new ArrayList<>();
        for (ProcessHandle process : started) {
            if (process.isAlive()) {
                stillRunning.add(process.pid() + " " + process.info().commandLine().orElse("?"));
            }
        }
        assertEquals(List.of(), stillRunning, "processes up.sh started that are still running");

        List<Integer> busy = new ArrayList<>();
        for (int port : stack.ports()) {
            if (!free(port)) {
                busy.add(port);
            }
        }
        assertEquals(List.of(), busy, "ports still taken after down.sh");
    }

    private RequestSpecification demoClient() {
        return given().config(FORM_AS_IS)
                .auth().preemptive().basic(demo.get("DEMO_CLIENT_ID"), demo.get("DEMO_CLIENT_SECRET"));
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
