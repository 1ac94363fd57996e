package dev.portcullis.registry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * DESIGN "State": secrets are stored as keyed hashes, never in clear. Reads the row with plain
 * JDBC, as an attacker with a copy of the table would.
 */
@QuarkusTest
class SecretStorageTest {
    private static final String TEST_PEPPER = "test-pepper-0123456789abcdef0123456789abcdef";

    @Inject
    DataSource dataSource;

    @Test
    void whenAClientIsCreatedThenOnlyTheHmacOfItsSecretIsStored() throws Exception {
        String id = AdminClients.uniqueId("stored");
        String secret = AdminClients.createConfidential(id);
        String[] row = row(id);
        assertNotNull(row[0]);
        assertFalse(row[0].contains(secret));
        assertEquals(hmac(secret), row[0]);
        assertNull(row[1], "admin-created clients have no registration access token");
    }

    @Test
    void whenAClientRegistersThenTheRegistrationAccessTokenIsStoredAsHmac() throws Exception {
        var response = given().contentType("application/json")
                .body("{\"redirect_uris\":[\"https://app.example.com/cb\"]}").post("/register")
                .then().statusCode(201).extract();
        String id = response.path("client_id");
        String[] row = row(id);
        assertEquals(hmac(response.path("client_secret")), row[0]);
        assertEquals(hmac(response.path("registration_access_token")), row[1]);
    }

    private String[] row(String clientId) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "select secret_hash, registration_token_hash from client_registry.clients where client_id = ?")) {
            s.setString(1, clientId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return new String[] {r.getString(1), r.getString(2)};
            }
        }
    }

    private static String hmac(String value) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(TEST_PEPPER.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }
}
