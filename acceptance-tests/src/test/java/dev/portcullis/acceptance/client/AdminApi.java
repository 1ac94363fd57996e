package dev.portcullis.acceptance.client;

import static io.restassured.RestAssured.given;

import dev.portcullis.acceptance.stack.PortcullisStack;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URI;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Scenario set-up through the admin APIs (CONTRIBUTING.md "Client admin API"), called on the
 * services' own ports because the public gateway does not route {@code /admin}. Every client gets a
 * unique id so runs against a shared database never collide.
 */
public final class AdminApi {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Scopes every scenario client may request. */
    public static final String CLIENT_SCOPES = "openid profile email offline_access api";

    private final PortcullisStack stack;

    public AdminApi(PortcullisStack stack) {
        this.stack = stack;
    }

    /** A unique, readable client id for a scenario. */
    public static String uniqueId(String purpose) {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return "acc-" + purpose + "-" + HexFormat.of().formatHex(bytes);
    }

    /** A confidential client for machine-to-machine calls (client_credentials), Basic auth. */
    public RegisteredClient machineClient(String purpose, String authMethod, Map<String, Object> extra) {
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("client_name", "Acceptance " + purpose);
        metadata.put("grant_types", List.of("client_credentials"));
        metadata.put("response_types", List.of());
        metadata.put("token_endpoint_auth_method", authMethod);
        metadata.put("scope", CLIENT_SCOPES);
        metadata.putAll(extra);
        return create(purpose, metadata, null);
    }

    /** A confidential web client: code + PKCE, refresh tokens with rotation, Basic auth. */
    public RegisteredClient webClient(String purpose, URI redirectUri, Map<String, Object> extra) {
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("client_name", "Acceptance " + purpose);
        metadata.put("redirect_uris", List.of(redirectUri.toString()));
        metadata.put("grant_types", List.of("authorization_code", "refresh_token", "client_credentials"));
        metadata.put("response_types", List.of("code"));
        metadata.put("token_endpoint_auth_method", "client_secret_basic");
        metadata.put("scope", CLIENT_SCOPES);
        metadata.put("rotate_refresh_tokens", true);
        metadata.put("require_pkce", true);
        metadata.put("skip_consent", false);
        metadata.putAll(extra);
        return create(purpose, metadata, redirectUri);
    }

    /** A public client (a native or single-page app): no secret, PKCE mandatory. */
    public RegisteredClient publicClient(String purpose, URI redirectUri, Map<String, Object> extra) {
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("client_name", "Acceptance " + purpose);
        metadata.put("redirect_uris", List.of(redirectUri.toString()));
        metadata.put("grant_types", List.of("authorization_code", "refresh_token"));
        metadata.put("response_types", List.of("code"));
        metadata.put("token_endpoint_auth_method", "none");
        metadata.put("scope", CLIENT_SCOPES);
        metadata.put("rotate_refresh_tokens", true);
        metadata.put("skip_consent", false);
        metadata.putAll(extra);
        return create(purpose, metadata, redirectUri);
    }

    /** A person who can sign in: unique username, random password (authorize-service user admin API). */
    public Person person(String purpose) {
        byte[] secret = new byte[18];
        RANDOM.nextBytes(secret);
        String username = uniqueId(purpose);
        String password = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Map<String, Object> user = Map.of("username", username, "password", password,
                "email", username + "@example.com", "email_verified", true, "name", "Acceptance " + purpose,
                "given_name", "Acceptance", "family_name", purpose);
        Response response = given()
                .header("Authorization", "Bearer " + stack.demo().adminToken())
                .contentType(ContentType.JSON)
                .body(user)
                .post(stack.settings().authorizeServiceUrl() + "/admin/users");
        if (response.statusCode() != 201) {
            throw new IllegalStateException("POST /admin/users answered " + response.statusCode() + ": " + response.asString());
        }
        return new Person(username, password, response.jsonPath().getString("sub"));
    }

    /** A user account for browser scenarios. */
    public record Person(String username, String password, String sub) {
        /** Names only: the password is a credential. */
        @Override
        public String toString() {
            return "Person[" + username + "]";
        }
    }

    private RegisteredClient create(String purpose, Map<String, Object> metadata, URI redirectUri) {
        String clientId = uniqueId(purpose);
        metadata.put("client_id", clientId);
        Response response = given()
                .header("Authorization", "Bearer " + stack.demo().adminToken())
                .contentType(ContentType.JSON)
                .body(metadata)
                .post(stack.settings().clientRegistryServiceUrl() + "/admin/clients");
        if (response.statusCode() != 201) {
            throw new IllegalStateException("POST /admin/clients answered " + response.statusCode() + ": "
                    + response.asString());
        }
        return new RegisteredClient(response.jsonPath().getString("client_id"),
                response.jsonPath().getString("client_secret"), redirectUri);
    }
}
