package dev.portcullis.revocation;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/** Test fixture: clients created through the real client-registry-service admin API, unique ids. */
public final class RegisteredClients {
    private static final String ADMIN = "Bearer test-admin-token";

    /** A client as created: its id and, for confidential clients, its secret. */
    public record Registered(String id, String secret) {
        /** {@code Authorization: Basic} value for this client (RFC 6749 §2.3.1). */
        public String basic() {
            return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
        }
    }

    private RegisteredClients() {
    }

    /** A client_secret_basic client allowed client_credentials with scope "api read". */
    public static Registered machine() {
        return create("machine", "\"can_introspect\":false");
    }

    /** A client like {@link #machine()} whose access tokens carry {@code aud} {@code audience}. */
    public static Registered machineFor(String audience) {
        return create("machine", "\"can_introspect\":false,\"default_audience\":[\"" + audience + "\"]");
    }

    /** A client_credentials client whose access tokens live {@code seconds} seconds. */
    public static Registered shortLived(int seconds) {
        return create("short", "\"can_introspect\":false,\"access_token_ttl\":" + seconds);
    }

    /** A resource server: a confidential client registered with {@code can_introspect}. */
    public static Registered introspector() {
        return create("rs", "\"can_introspect\":true");
    }

    /** A public client (token_endpoint_auth_method none). */
    public static Registered publicClient() {
        String id = "public-" + UUID.randomUUID();
        given().baseUri(url()).header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("""
                        {"client_id":"%s","grant_types":["authorization_code","refresh_token"],
                         "redirect_uris":["https://app.example/cb"],"token_endpoint_auth_method":"none",
                         "scope":"api read"}""".formatted(id))
                .post("/admin/clients").then().statusCode(201);
        return new Registered(id, null);
    }

    /**
     * Replaces a resource server's metadata through the admin API with {@code can_introspect}
     * withdrawn (its secret is kept); the registry publishes a client change notice.
     */
    public static void withdrawIntrospection(Registered client) {
        given().baseUri(url()).header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("""
                        {"client_id":"%s","grant_types":["client_credentials"],
                         "token_endpoint_auth_method":"client_secret_basic","scope":"api read","can_introspect":false}"""
                        .formatted(client.id()))
                .put("/admin/clients/" + client.id()).then().statusCode(200);
    }

    private static Registered create(String prefix, String extra) {
        String id = prefix + "-" + UUID.randomUUID();
        String secret = given().baseUri(url()).header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("""
                        {"client_id":"%s","grant_types":["client_credentials"],
                         "token_endpoint_auth_method":"client_secret_basic","scope":"api read",%s}"""
                        .formatted(id, extra))
                .post("/admin/clients").then().statusCode(201)
                .extract().path("client_secret");
        return new Registered(id, secret);
    }

    private static String url() {
        return ConfigProvider.getConfig().getValue("test.client-registry.url", String.class);
    }
}
