package dev.portcullis.registry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The stricter settings a production deployment can choose: registration protected by an
 * initial access token (RFC 7591 §3), unique software_id, no http loopback for web apps.
 */
@QuarkusTest
@TestProfile(ProtectedRegistrationTest.Strict.class)
class ProtectedRegistrationTest {
    private static final String INITIAL_TOKEN = "initial-access-token-for-tests";

    public static final class Strict implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "oauth.registry.registration.mode", "protected",
                    "oauth.registry.registration.initial-access-token", INITIAL_TOKEN,
                    "oauth.registry.registration.unique-software-id", "true",
                    "oauth.registry.redirect-uris.allow-http-loopback-for-web-apps", "false");
        }
    }

    private static io.restassured.response.ValidatableResponse register(String authorization, String json) {
        var request = given().contentType(ContentType.JSON).body(json);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.post("/register").then();
    }

    @Test
    void whenNoInitialAccessTokenThen401InvalidToken() {
        register(null, "{\"grant_types\":[\"client_credentials\"]}").statusCode(401)
                .body("error", equalTo("invalid_token"));
    }

    @Test
    void whenWrongInitialAccessTokenThen401InvalidToken() {
        register("Bearer wrong", "{\"grant_types\":[\"client_credentials\"]}").statusCode(401)
                .body("error", equalTo("invalid_token"));
    }

    @Test
    void whenInitialAccessTokenIsRightThenRegistered() {
        register("Bearer " + INITIAL_TOKEN, "{\"grant_types\":[\"client_credentials\"]}").statusCode(201);
    }

    @Test
    void whenSoftwareIdIsAlreadyRegisteredThenInvalidClientMetadata() {
        String softwareId = "software-" + UUID.randomUUID();
        String body = "{\"grant_types\":[\"client_credentials\"],\"software_id\":\"" + softwareId + "\"}";
        register("Bearer " + INITIAL_TOKEN, body).statusCode(201);
        register("Bearer " + INITIAL_TOKEN, body).statusCode(400).body("error", equalTo("invalid_client_metadata"));
    }

    @Test
    void whenTheSameSoftwareIdRegistersConcurrentlyThenExactlyOneSucceeds() throws Exception {
        String softwareId = "software-race-" + UUID.randomUUID();
        String body = "{\"grant_types\":[\"client_credentials\"],\"software_id\":\"" + softwareId + "\"}";
        int attempts = 6;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(attempts);
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                statuses.add(pool.submit(() -> {
                    start.await();
                    return register("Bearer " + INITIAL_TOKEN, body).extract().statusCode();
                }));
            }
            start.countDown();
            List<Integer> codes = new java.util.ArrayList<>();
            for (var f : statuses) {
                codes.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertEquals(1, codes.stream().filter(c -> c == 201).count(), codes.toString());
            assertEquals(attempts - 1, codes.stream().filter(c -> c == 400).count(), codes.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void whenWebAppRegistersHttpLoopbackThenInvalidRedirectUri() {
        register("Bearer " + INITIAL_TOKEN, "{\"redirect_uris\":[\"http://localhost:3000/cb\"]}")
                .statusCode(400).body("error", equalTo("invalid_redirect_uri"));
    }

    @Test
    void whenNativeAppRegistersHttpLoopbackThenAccepted() {
        register("Bearer " + INITIAL_TOKEN, "{\"application_type\":\"native\",\"token_endpoint_auth_method\":\"none\","
                + "\"redirect_uris\":[\"http://127.0.0.1:50123/cb\"]}").statusCode(201);
    }
}
