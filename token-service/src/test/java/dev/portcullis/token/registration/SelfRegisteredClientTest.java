package dev.portcullis.token.registration;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import dev.portcullis.testing.ServiceTestResource;
import dev.portcullis.token.Jwts;
import dev.portcullis.token.RegisteredClients;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A client that registered itself through client-registry-service's real {@code /register}
 * (open mode in its test profile, allow-list {@code https://open-api.example.com/}) and then uses
 * this token endpoint: it never gets the password grant or an audience outside what it registered
 * (RFC 7591 §3, RFC 8707 §2).
 */
@QuarkusTest
@WithTestResource(value = ServiceTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, initArgs = {
        @ResourceArg(name = "module", value = "client-registry-service"),
        @ResourceArg(name = "grpc-client", value = "client-registry"),
        @ResourceArg(name = "url-property", value = "test.client-registry.url")})
class SelfRegisteredClientTest {
    private static final String OPEN_API = "https://open-api.example.com/";

    private static ValidatableResponse register(String json) {
        return given().baseUri(RegisteredClients.registryUrl()).contentType(ContentType.JSON).body(json)
                .post("/register").then();
    }

    private static ExtractableResponse<Response> machine() {
        return register("{\"grant_types\":[\"client_credentials\"],\"scope\":\"api\",\"allowed_resources\":[\"" + OPEN_API + "\"]}")
                .statusCode(201).extract();
    }

    private static ValidatableResponse token(ExtractableResponse<Response> client, String... params) {
        var req = given().auth().preemptive().basic(client.path("client_id"), client.path("client_secret"));
        for (int i = 0; i < params.length; i += 2) {
            req = req.formParam(params[i], params[i + 1]);
        }
        return req.post("/token").then();
    }

    @Nested
    class Rfc6749Section4_3PasswordGrant {
        @Test
        void whenRegisteringForThePasswordGrantThenInvalidClientMetadata() {
            register("{\"grant_types\":[\"password\"],\"scope\":\"api\"}").statusCode(400)
                    .body("error", equalTo("invalid_client_metadata"));
        }

        @Test
        void whenASelfRegisteredClientTriesThePasswordGrantThenUnauthorizedClient() {
            token(machine(), "grant_type", "password", "username", "alice", "password", "irrelevant")
                    .statusCode(400).body("error", equalTo("unauthorized_client"));
        }
    }

    @Nested
    class Rfc8707Section2Resources {
        @Test
        void whenItAsksForItsRegisteredResourceThenThatIsTheAudience() throws Exception {
            String jwt = token(machine(), "grant_type", "client_credentials", "resource", OPEN_API)
                    .statusCode(200).extract().path("access_token");
            assertThat(Jwts.verify(jwt).getAudience(), contains(OPEN_API));
        }

        @Test
        void whenItAsksForAnyOtherResourceThenInvalidTarget() {
            token(machine(), "grant_type", "client_credentials", "resource", "https://payments.example.com/")
                    .statusCode(400).body("error", equalTo("invalid_target"));
        }

        @Test
        void whenRegisteringAResourceOutsideTheOperatorsAllowListThenInvalidClientMetadata() {
            register("{\"grant_types\":[\"client_credentials\"],\"allowed_resources\":[\"https://payments.example.com/\"]}")
                    .statusCode(400).body("error", equalTo("invalid_client_metadata"));
        }
    }
}
