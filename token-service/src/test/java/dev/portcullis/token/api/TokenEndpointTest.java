package dev.portcullis.token.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.in;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.portcullis.testing.ServiceTestResource;
import dev.portcullis.token.RegisteredClients;
import dev.portcullis.token.RegisteredClients.Registered;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** RFC 6749 §3.2 (the token endpoint), §2.3.1 (client password) and §5.2 (error response). */
@QuarkusTest
@WithTestResource(value = ServiceTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, initArgs = {
        @ResourceArg(name = "module", value = "client-registry-service"),
        @ResourceArg(name = "grpc-client", value = "client-registry"),
        @ResourceArg(name = "url-property", value = "test.client-registry.url")})
class TokenEndpointTest {

    /** §5.2: exactly {error, error_description}, JSON, not cacheable. */
    static void assertErrorBody(ValidatableResponse r, int status, String error) {
        Map<String, Object> body = r.statusCode(status)
                .contentType(ContentType.JSON)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .body("error", equalTo(error))
                .extract().jsonPath().getMap("");
        assertThat(body.keySet(), everyItem(in(java.util.Set.of("error", "error_description"))));
        assertThat(body.get("error_description"), instanceOf(String.class));
    }

    @Nested
    class Rfc6749Section3_2TokenEndpoint {
        @Test
        void whenBodyIsJsonThenInvalidRequest() {
            Registered client = RegisteredClients.machine("");
            assertErrorBody(given().auth().preemptive().basic(client.id(), client.secret())
                    .contentType(ContentType.JSON).body("{\"grant_type\":\"client_credentials\"}")
                    .post("/token").then(), 400, "invalid_request");
        }

        @Test
        void whenAParameterIsRepeatedThenInvalidRequest() {
            Registered client = RegisteredClients.machine("");
            assertErrorBody(given().auth().preemptive().basic(client.id(), client.secret())
                    .contentType("application/x-www-form-urlencoded")
                    .body("grant_type=client_credentials&scope=api&scope=read")
                    .post("/token").then(), 400, "invalid_request");
        }

        @Test
        void whenGrantTypeIsMissingThenInvalidRequest() {
            Registered client = RegisteredClients.machine("");
            assertErrorBody(given().auth().preemptive().basic(client.id(), client.secret())
                    .formParam("scope", "api").post("/token").then(), 400, "invalid_request");
        }

        @Test
        void whenTooManyParametersThenInvalidRequest() {
            Registered client = RegisteredClients.machine("");
            StringBuilder body = new StringBuilder("grant_type=client_credentials");
            for (int i = 0; i < 40; i++) {
                body.append("&p").append(i).append("=x");
            }
            assertErrorBody(given().auth().preemptive().basic(client.id(), client.secret())
                    .contentType("application/x-www-form-urlencoded").body(body.toString())
                    .post("/token").then(), 400, "invalid_request");
        }

        @Test
        void whenAParameterHasNoValueThenItCountsAsOmitted() {
            Registered client = RegisteredClients.machine("");
            given().auth().preemptive().basic(client.id(), client.secret())
                    .contentType("application/x-www-form-urlencoded").body("grant_type=client_credentials&scope=")
                    .post("/token").then().statusCode(200).body("scope", equalTo("api read"));
        }
    }

    @Nested
    class Rfc6749Section5_2ErrorResponse {
        @Test
        void whenGrantTypeIsUnknownThenUnsupportedGrantType() {
            Registered client = RegisteredClients.machine("");
            assertErrorBody(given().auth().preemptive().basic(client.id(), client.secret())
                    .formParam("grant_type", "urn:example:unknown").post("/token").then(), 400, "unsupported_grant_type");
        }

        @Test
        void whenBasicSecretIsWrongThen401InvalidClientWithBasicChallenge() {
            Registered client = RegisteredClients.machine("");
            ValidatableResponse r = given().auth().preemptive().basic(client.id(), "wrong-secret")
                    .formParam("grant_type", "client_credentials").post("/token").then();
            assertErrorBody(r, 401, "invalid_client");
            r.header("WWW-Authenticate", startsWith("Basic"));
        }

        @Test
        void whenPostSecretIsWrongThen401InvalidClientWithBasicChallenge() {
            // RFC 9110 §15.5.2: every 401 names a scheme; RFC 6749 §5.2 lets it be the one the client may use.
            Registered client = RegisteredClients.create("post", """
                    "grant_types":["client_credentials"],"token_endpoint_auth_method":"client_secret_post","scope":"api\"""");
            ValidatableResponse r = given().formParam("grant_type", "client_credentials")
                    .formParam("client_id", client.id()).formParam("client_secret", "wrong").post("/token").then();
            assertErrorBody(r, 401, "invalid_client");
            r.header("WWW-Authenticate", equalTo("Basic realm=\"oauth\""));
        }

        @Test
        void whenClientIsUnknownThenInvalidClient() {
            assertErrorBody(given().auth().preemptive().basic(RegisteredClients.uniqueId("nobody"), "secret")
                    .formParam("grant_type", "client_credentials").post("/token").then(), 401, "invalid_client");
        }

        @Test
        void whenNoClientAuthenticationThenInvalidClient() {
            assertErrorBody(given().formParam("grant_type", "client_credentials").post("/token").then(),
                    401, "invalid_client");
        }

        @Test
        void whenClientIsNotRegisteredForTheGrantThenUnauthorizedClient() {
            Registered client = RegisteredClients.create("webapp", """
                    "grant_types":["authorization_code"],"response_types":["code"],
                    "redirect_uris":["https://app.example.com/cb"],"token_endpoint_auth_method":"client_secret_basic\"""");
            assertErrorBody(given().auth().preemptive().basic(client.id(), client.secret())
                    .formParam("grant_type", "client_credentials").post("/token").then(), 400, "unauthorized_client");
        }
    }

    @Nested
    class OperationsMetrics {
        @Test
        void whenTokensAreIssuedAndRefusedThenTheyAreCountedByGrantClientAndErrorWithoutSecrets() {
            Registered client = RegisteredClients.machine("");
            String token = given().auth().preemptive().basic(client.id(), client.secret())
                    .formParam("grant_type", "client_credentials").post("/token").then().statusCode(200)
                    .extract().path("access_token");
            given().auth().preemptive().basic(client.id(), "wrong").formParam("grant_type", "client_credentials")
                    .post("/token").then().statusCode(401);
            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(metrics, org.hamcrest.Matchers.containsString("portcullis_tokens_issued_total{client_id=\"" + client.id()
                    + "\",grant_type=\"client_credentials\"}"));
            assertThat(metrics, org.hamcrest.Matchers.containsString("portcullis_oauth_errors_total{error=\"invalid_client\"}"));
            assertThat(metrics, org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(client.secret())));
            assertThat(metrics, org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(token)));
        }
    }
}
