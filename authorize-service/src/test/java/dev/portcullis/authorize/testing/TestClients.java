package dev.portcullis.authorize.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/** Registers clients in the real client-registry-service through its admin API. */
public final class TestClients {
    public static final String REDIRECT = "https://app.example.com/callback";
    public static final String LOGOUT_REDIRECT = "https://app.example.com/signed-out";

    private TestClients() {
    }

    /** A public client (PKCE required) with one redirect URI, scope openid profile email. */
    public static String publicClient() {
        return register(Map.of());
    }

    /** A client with the metadata {@code extra} added to the public defaults. */
    public static String register(Map<String, Object> extra) {
        String id = "authz-test-" + UUID.randomUUID();
        Map<String, Object> body = new HashMap<>();
        body.put("client_id", id);
        body.put("client_name", "Example App");
        body.put("redirect_uris", List.of(REDIRECT));
        body.put("post_logout_redirect_uris", List.of(LOGOUT_REDIRECT));
        body.put("token_endpoint_auth_method", "none");
        body.put("scope", "openid profile email");
        body.putAll(extra);
        given().baseUri(url()).header("Authorization", "Bearer test-admin-token")
                .contentType(ContentType.JSON).body(body)
                .post("/admin/clients").then().statusCode(201);
        return id;
    }

    private static String url() {
        return ConfigProvider.getConfig().getValue(WithClientRegistry.URL_PROPERTY, String.class);
    }
}
