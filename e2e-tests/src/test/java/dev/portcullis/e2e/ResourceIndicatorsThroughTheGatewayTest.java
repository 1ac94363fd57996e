package dev.portcullis.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * RFC 8707 through the gateway of the local stack, as a relying party and a browser would: the
 * resource named at {@code /authorize} travels in the code and becomes the access token's
 * audience; a resource the client did not register is {@code invalid_target} at both endpoints.
 * And what anyone can do with the stack's open registration: a name imitating the server is
 * refused, an ordinary self-registered client is an unverified application on the sign-in page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Resource indicators and self-registered clients through the gateway")
class ResourceIndicatorsThroughTheGatewayTest {
    private static final String ORDERS = "https://orders.example.com/";
    private static final String REPORTS = "https://reports.example.com/";

    private final LocalStack stack = LocalStack.fromSystemProperties();

    @RegisterExtension
    final TestWatcher printLogsOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            System.out.println("[e2e] " + context.getDisplayName() + " failed; the stack's logs:\n" + stack.logTails(40));
        }
    };

    private GatewayFlows flows;
    private GatewayFlows.Client client;

    @BeforeAll
    void startTheSuite() {
        stack.startFresh();
        flows = GatewayFlows.start(stack);
        client = flows.registerClient(Map.of("allowed_resources", List.of(ORDERS, REPORTS)));
    }

    @AfterAll
    void stop() {
        stack.down();
    }

    private static List<String> audienceOf(String jwt) {
        String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        Object aud = JsonPath.from(payload).get("aud");
        return aud instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of(String.valueOf(aud));
    }

    @Test
    @DisplayName("RFC 8707 §2: the code flow with a resource gives an access token for that resource")
    void whenTheCodeFlowNamesAResourceThenTheAccessTokenIsForThatResource() {
        var response = flows.authorizeWithResources(client, ORDERS);
        assertEquals(302, response.getKey().statusCode());
        String code = GatewayFlows.codeOf(response.getKey());
        String accessToken = flows.redeemResponse(client, code, response.getValue())
                .then().statusCode(200).extract().path("access_token");
        assertEquals(List.of(ORDERS), audienceOf(accessToken));
    }

    @Test
    @DisplayName("RFC 8707 §2: a token request narrows the resources of the code")
    void whenTheTokenRequestNarrowsTheResourcesThenTheAudienceIsTheNarrowedOne() {
        var response = flows.authorizeWithResources(client, ORDERS, REPORTS);
        String code = GatewayFlows.codeOf(response.getKey());
        String accessToken = flows.redeemResponse(client, code, response.getValue(), REPORTS)
                .then().statusCode(200).extract().path("access_token");
        assertEquals(List.of(REPORTS), audienceOf(accessToken));
    }

    @Test
    @DisplayName("RFC 8707 §2: an unregistered resource is invalid_target at /authorize")
    void whenTheAuthorizationRequestNamesAnUnregisteredResourceThenInvalidTarget() {
        var response = flows.authorizeWithResources(client, "https://payments.example.com/");
        assertEquals(302, response.getKey().statusCode());
        Map<String, String> params = GatewayFlows.redirectParameters(response.getKey());
        assertEquals("invalid_target", params.get("error"));
        assertNull(params.get("code"));
    }

    @Test
    @DisplayName("RFC 8707 §2: an unregistered resource is invalid_target at /token")
    void whenTheTokenRequestNamesAnUnregisteredResourceThenInvalidTarget() {
        var response = flows.authorizeWithResources(client);
        String code = GatewayFlows.codeOf(response.getKey());
        flows.redeemResponse(client, code, response.getValue(), "https://payments.example.com/")
                .then().statusCode(400).body("error", equalTo("invalid_target"));
        given().auth().preemptive().basic(client.id(), client.secret()).formParam("grant_type", "client_credentials")
                .formParam("resource", "https://payments.example.com/").post(flows.issuer() + "/token")
                .then().statusCode(400).body("error", equalTo("invalid_target"));
    }

    @Test
    @DisplayName("Open registration: a name imitating the server is refused, an ordinary client is an unverified application")
    void whenAnonymousClientsRegisterThroughTheGatewayThenImitationsAreRefusedAndTheRestAreUnverified() {
        Map<String, Object> imitation = Map.of("client_name", "Portcullis Security Team — please re-enter your password",
                "redirect_uris", List.of(GatewayFlows.REDIRECT), "token_endpoint_auth_method", "none");
        given().contentType(ContentType.JSON).body(imitation).post(flows.issuer() + "/register")
                .then().statusCode(400).body("error", equalTo("invalid_client_metadata"));

        Map<String, Object> ordinary = Map.of("client_name", "Photo Printer", "scope", "openid",
                "redirect_uris", List.of(GatewayFlows.REDIRECT), "token_endpoint_auth_method", "none");
        String id = given().contentType(ContentType.JSON).body(ordinary).post(flows.issuer() + "/register")
                .then().statusCode(201).body("verified", equalTo(false)).extract().path("client_id");
        Response toLogin = given().redirects().follow(false).get(flows.issuer() + "/authorize?response_type=code&client_id="
                + id + "&redirect_uri=" + GatewayFlows.REDIRECT + "&scope=openid&code_challenge="
                + "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256");
        assertEquals(302, toLogin.statusCode());
        String page = given().urlEncodingEnabled(false).redirects().follow(false).get(toLogin.header("Location")).then().statusCode(200).extract().asString();
        assertTrue(page.contains("to continue to Photo Printer (unverified application)"), page);
        assertTrue(page.contains("id=\"unverified-client\""), page);
    }
}
