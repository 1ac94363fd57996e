package dev.portcullis.token;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/** Test fixture: creates clients through the real client-registry-service admin API, each with a unique id. */
public final class RegisteredClients {
    private static final String ADMIN = "Bearer test-admin-token";

    /** A client as created: its id and, for confidential clients, its secret. */
    public record Registered(String id, String secret) {
    }

    private RegisteredClients() {
    }

    public static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** Creates a client from RFC 7591 metadata (plus extensions); {@code client_id} is chosen here. */
    public static Registered create(String prefix, String metadataJsonFields) {
        return withId(uniqueId(prefix), metadataJsonFields);
    }

    /** Creates a client with exactly {@code id}, e.g. one that a test profile configures. */
    public static Registered withId(String id, String metadataJsonFields) {
        String body = "{\"client_id\":\"" + id + "\"," + metadataJsonFields + "}";
        String secret = given().baseUri(registryUrl()).header("Authorization", ADMIN)
                .contentType(ContentType.JSON).body(body)
                .post("/admin/clients").then().statusCode(201)
                .extract().path("client_secret");
        return new Registered(id, secret);
    }

    /** A client_secret_basic client with client_credentials and scope "api read". */
    public static Registered machine(String extraFields) {
        return create("machine", """
                "grant_types":["client_credentials"],"token_endpoint_auth_method":"client_secret_basic",
                "scope":"api read"%s""".formatted(extraFields.isEmpty() ? "" : "," + extraFields));
    }

    public static String registryUrl() {
        return ConfigProvider.getConfig().getValue("test.client-registry.url", String.class);
    }
}
