package dev.portcullis.token.ratelimit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testing.ServiceTestResource;
import dev.portcullis.token.RegisteredClients;
import dev.portcullis.token.RegisteredClients.Registered;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * RFC 6585 §4 Too Many Requests: the per-client rate limit through the real token endpoint, its buckets in the real Redis. The
 * rates are so slow (one token per 50 or 100 s) that nothing refills while a test runs, so the
 * answers are the same however fast the machine is: a full bucket's requests pass, the next is
 * 429 with the {@code Retry-After} the rate implies. (Not nested: a test profile's application
 * is not kept for nested classes.)
 */
@QuarkusTest
@TestProfile(ClientRateLimitTest.Limits.class)
@WithTestResource(value = ServiceTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, initArgs = {
        @ResourceArg(name = "module", value = "client-registry-service"),
        @ResourceArg(name = "grpc-client", value = "client-registry"),
        @ResourceArg(name = "url-property", value = "test.client-registry.url")})
class ClientRateLimitTest {
    static final String LIMITED = "limited-" + UUID.randomUUID();
    static final String EXEMPT = "exempt-" + UUID.randomUUID();
    static final String MACHINE = """
            "grant_types":["client_credentials"],"token_endpoint_auth_method":"client_secret_basic","scope":"api read\"""";

    /** One client with a bucket of its own, one exempt, and a default for every other client. */
    public static final class Limits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "oauth.token.rate-limit.tokens-per-second", "0.02",
                    "oauth.token.rate-limit.burst", "2",
                    "oauth.token.rate-limit.clients.\"" + LIMITED + "\".tokens-per-second", "0.01",
                    "oauth.token.rate-limit.clients.\"" + LIMITED + "\".burst", "3",
                    "oauth.token.rate-limit.clients.\"" + EXEMPT + "\".tokens-per-second", "0");
        }
    }

    static ValidatableResponse token(Registered client) {
        return given().auth().preemptive().basic(client.id(), client.secret())
                .formParam("grant_type", "client_credentials").post("/token").then();
    }

    static long retryAfter(ValidatableResponse r) {
        return Long.parseLong(r.extract().header("Retry-After"));
    }

    @Test
    void whenAClientEmptiesItsOwnBucketThen429WithRetryAfterAndAnOAuthErrorBody() {
        Registered client = RegisteredClients.withId(LIMITED, MACHINE);
        for (int i = 0; i < 3; i++) {
            token(client).statusCode(200).body("access_token", notNullValue());
        }

        ValidatableResponse limited = token(client).statusCode(429)
                .header("Cache-Control", "no-store").contentType("application/json")
                .body("error", equalTo("too_many_requests")).body("error_description", notNullValue());

        long left = retryAfter(limited);
        assertTrue(left > 90 && left <= 100, "one token per 100 s: " + left);
    }

    @Test
    void whenAClientHasNoEntryThenTheDefaultBucketIsItsOwnAndOthersAreUntouched() {
        Registered first = RegisteredClients.machine("");
        Registered second = RegisteredClients.machine("");
        token(first).statusCode(200);
        token(first).statusCode(200);

        long left = retryAfter(token(first).statusCode(429).body("error", equalTo("too_many_requests")));

        assertTrue(left > 40 && left <= 50, "one token per 50 s: " + left);
        token(second).statusCode(200);
    }

    @Test
    void whenAClientIsExemptThenTheDefaultDoesNotApply() {
        Registered client = RegisteredClients.withId(EXEMPT, MACHINE);
        for (int i = 0; i < 10; i++) {
            token(client).statusCode(200);
        }
    }

    @Test
    void whenClientAuthenticationFailsThenItsBucketIsNotTouched() {
        Registered client = RegisteredClients.machine("");
        for (int i = 0; i < 5; i++) {
            given().auth().preemptive().basic(client.id(), "wrong-secret")
                    .formParam("grant_type", "client_credentials").post("/token").then().statusCode(401);
        }
        token(client).statusCode(200);
        token(client).statusCode(200);
    }
}
