package dev.portcullis.registry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DESIGN "Invariants": every admin change is audited, and no secret ever reaches a log. */
@QuarkusTest
class SecretsNeverLoggedTest {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLoggerName() != null && record.getLoggerName().startsWith("org.apache.http")) {
                return; // the test's own HTTP client
            }
            String message = record.getMessage();
            Object[] params = record.getParameters();
            lines.add(record.getLoggerName() + " " + (params == null ? message : String.format(
                    message.replaceAll("\\{\\d+}", "%s"), params)) + " " + java.util.Arrays.toString(params));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void attach() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void detach() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void whenClientsAreCreatedRegisteredAndRotatedThenTheAuditLogNamesThemAndNoSecretIsLogged() {
        String id = AdminClients.uniqueId("audit");
        String secret = AdminClients.createConfidential(id);
        String rotated = given().header("Authorization", AdminClients.ADMIN).post("/admin/clients/" + id + "/secret")
                .then().statusCode(200).extract().path("client_secret");
        var registered = given().contentType("application/json").body("{\"grant_types\":[\"client_credentials\"]}")
                .post("/register").then().statusCode(201).extract();

        assertTrue(lines.stream().anyMatch(l -> l.startsWith("audit") && l.contains(id) && l.contains("created")));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("audit") && l.contains(id) && l.contains("secret_rotated")));
        for (String value : List.of(secret, rotated, registered.<String>path("client_secret"),
                registered.<String>path("registration_access_token"))) {
            assertFalse(lines.stream().anyMatch(l -> l.contains(value)),
                    () -> "a secret was logged: " + lines.stream().filter(l -> l.contains(value)).findFirst().orElseThrow());
        }
    }
}
