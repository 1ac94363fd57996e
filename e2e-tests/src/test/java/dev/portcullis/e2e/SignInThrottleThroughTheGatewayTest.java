package dev.portcullis.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The sign-in throttle through the real nginx gateway, from two real client addresses on the
 * loopback network (127.0.0.2 is the guesser A, 127.0.0.3 the owner B): nginx replaces any
 * {@code X-Forwarded-For} a client sends with the peer's address, and the services believe it
 * only because nginx is their trusted proxy. The stack's pair delay is 10 minutes from the
 * fourth failure (the default is 1 s doubling), so a throttled A stays throttled for the whole
 * test whatever the machine's speed; nothing is asserted about time. A peer that is not a
 * trusted proxy (127.0.0.4, straight to authorize-service's port) has its header ignored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("The sign-in throttle through the gateway, login page and password grant alike")
class SignInThrottleThroughTheGatewayTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"");
    private static final String A = "127.0.0.2";
    private static final String B = "127.0.0.3";

    private final LocalStack stack = LocalStack.fromSystemProperties().withEnvironment("throttle",
            Map.of("OAUTH_AUTHORIZE_LOGIN_THROTTLE_ACCOUNT_AND_ADDRESS_BASE_DELAY", "PT10M",
                    // Runs of this test within one window share the addresses' records in the one Redis.
                    "OAUTH_AUTHORIZE_LOGIN_THROTTLE_ADDRESS_FREE_FAILURES", "100000"));

    @RegisterExtension
    final TestWatcher printLogsOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            System.out.println("[e2e] " + context.getDisplayName() + " failed; the stack's logs:\n" + stack.logTails(40));
        }
    };

    /** The gateway by its IPv4 address, so that a request can leave from another loopback address. */
    private String issuer;
    private String admin;

    @BeforeAll
    void start() {
        stack.startFresh();
        issuer = "http://127.0.0.1:" + stack.gatewayPort();
        admin = stack.demo().get("ADMIN_TOKEN");
    }

    @AfterAll
    void stop() {
        stack.down();
    }

    @Test
    @DisplayName("50 wrong passwords from A (each claiming another X-Forwarded-For): A waits, the owner at B signs in, "
            + "and the password grant at A waits too")
    void fiftyWrongPasswordsFromAThenTheOwnerAtBSignsInWhileAStaysThrottled() {
        String username = user();
        int refused = 0;
        int throttled = 0;
        for (int i = 0; i < 50; i++) {
            Response r = signIn(A, username, "wrong-" + i, "203.0.113." + (i + 1));
            if (r.statusCode() == 401) {
                refused++;
            } else {
                assertEquals(429, r.statusCode());
                assertNotNull(r.header("Retry-After"));
                throttled++;
            }
        }
        assertEquals(4, refused, "one address for the throttle, whatever X-Forwarded-For A sent");
        assertEquals(46, throttled);

        Response owner = signIn(B, username, PASSWORD, null);
        assertEquals(200, owner.statusCode(), "the owner at B signs in at once");
        assertNotNull(owner.getCookie("portcullis_session"));

        Response stillA = signIn(A, username, PASSWORD, null);
        assertEquals(429, stillA.statusCode());
        long left = Long.parseLong(stillA.header("Retry-After"));
        assertTrue(left > 480 && left <= 600, "A waits its 10-minute delay: " + left);

        String[] client = passwordClient();
        Response grantAtA = passwordGrant(A, client, username);
        assertEquals(429, grantAtA.statusCode(), "the password grant shares the throttle");
        assertEquals("too_many_requests", grantAtA.jsonPath().getString("error"));
        assertNotNull(grantAtA.header("Retry-After"));
        Response grantAtB = passwordGrant(B, client, username);
        assertEquals(200, grantAtB.statusCode());
        assertNotNull(grantAtB.jsonPath().getString("access_token"));
    }

    @Test
    @DisplayName("A peer that is not a trusted proxy cannot pick its address with X-Forwarded-For")
    void aPeerThatIsNoTrustedProxyIsThrottledByItsOwnAddressWhateverItsHeaderSays() {
        String username = user();
        String service = stack.serviceUrl(8081).replace("localhost", "127.0.0.1");
        int refused = 0;
        for (int i = 0; i < 10; i++) {
            int status = signIn(service, "127.0.0.4", username, "wrong-" + i, "198.51.100." + (i + 1)).statusCode();
            assertTrue(status == 401 || status == 429, "status " + status);
            refused += status == 401 ? 1 : 0;
        }
        assertEquals(4, refused, "127.0.0.4 is not a trusted proxy: its X-Forwarded-For is ignored");
    }

    /** Requests through the gateway from {@code source}, one of the loopback addresses. */
    private RequestSpecification from(String source) {
        try {
            InetAddress local = InetAddress.getByName(source);
            RestAssuredConfig config = RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
                    .setParam("http.route.local-address", local));
            return given().config(config).redirects().follow(false);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private Response signIn(String source, String username, String password, String forwardedFor) {
        return signIn(issuer, source, username, password, forwardedFor);
    }

    /** Signs in at {@code origin}'s login page (the gateway, or a service's own port) from {@code source}. */
    private Response signIn(String origin, String source, String username, String password, String forwardedFor) {
        Response page = from(source).get(origin + "/login");
        assertEquals(200, page.statusCode(), "login page");
        Map<String, String> form = new LinkedHashMap<>();
        Matcher m = HIDDEN.matcher(page.asString());
        while (m.find()) {
            form.put(m.group(1), m.group(2));
        }
        form.put("username", username);
        form.put("password", password);
        RequestSpecification post = from(source).cookies(page.getCookies()).contentType(ContentType.URLENC).formParams(form);
        if (forwardedFor != null) {
            post = post.header("X-Forwarded-For", forwardedFor);
        }
        return post.post(origin + "/login");
    }

    private Response passwordGrant(String source, String[] client, String username) {
        return from(source).auth().preemptive().basic(client[0], client[1])
                .formParam("grant_type", "password").formParam("username", username).formParam("password", PASSWORD)
                .post(issuer + "/token");
    }

    private String user() {
        String username = "e2e-throttle-" + UUID.randomUUID();
        given().baseUri(stack.serviceUrl(8081)).header("Authorization", "Bearer " + admin).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", PASSWORD, "email", username + "@example.com"))
                .post("/admin/users").then().statusCode(201);
        return username;
    }

    private String[] passwordClient() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("client_id", "e2e-throttle-" + UUID.randomUUID());
        body.put("client_name", "E2E throttle");
        body.put("token_endpoint_auth_method", "client_secret_basic");
        body.put("grant_types", List.of("password"));
        body.put("scope", "api");
        JsonPath created = given().baseUri(stack.serviceUrl(8084)).header("Authorization", "Bearer " + admin)
                .contentType(ContentType.JSON).body(body).post("/admin/clients")
                .then().statusCode(201).extract().jsonPath();
        return new String[] {created.getString("client_id"), created.getString("client_secret")};
    }
}
