package dev.portcullis.authorize.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.portcullis.authorize.testing.Browser;
import dev.portcullis.authorize.testing.TestUsers;
import dev.portcullis.authorize.testing.WithClientRegistry;
import dev.portcullis.testing.ServiceTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The user admin API (CONTRIBUTING "User admin API"), as the local runner and operators use it. */
@QuarkusTest
@WithTestResource(value = ServiceTestResource.class, initArgs = {
        @ResourceArg(name = "module", value = "client-registry-service"),
        @ResourceArg(name = "grpc-client", value = "client-registry"),
        @ResourceArg(name = "url-property", value = WithClientRegistry.URL_PROPERTY)})
class AdminUserApiTest {

    static RequestSpecification admin() {
        return given().header("Authorization", "Bearer test-admin-token").contentType(ContentType.JSON);
    }

    static int login(String username, String password) {
        Browser b = new Browser();
        return b.submit(b.get("/login"), Map.of("username", username, "password", password)).statusCode();
    }

    @Nested
    class AdminCredential {
        @Test
        void whenNoTokenThenUnauthorizedWithBearerChallenge() {
            given().get("/admin/users/by-username/anyone").then().statusCode(401)
                    .header("WWW-Authenticate", startsWith("Bearer error=\"invalid_token\""))
                    .body("error", equalTo("invalid_token"));
        }

        @Test
        void whenTokenIsWrongThenUnauthorized() {
            given().header("Authorization", "Bearer test-admin-tokeN").get("/admin/users/by-username/anyone")
                    .then().statusCode(401).body("error", equalTo("invalid_token"));
        }
    }

    @Nested
    class Users {
        @Test
        void whenUserIsCreatedThen201WithSubAndFoundByUsernameWithoutPasswordHash() {
            String username = "admin-" + UUID.randomUUID();
            String sub = admin().body(Map.of("username", username, "password", "s3cret-password", "email", "a@example.com",
                            "name", "Grace Hopper", "email_verified", true))
                    .post("/admin/users").then().statusCode(201)
                    .header("Location", org.hamcrest.Matchers.containsString("/admin/users/"))
                    .body("sub", notNullValue()).body("username", equalTo(username))
                    .extract().path("sub");

            admin().get("/admin/users/by-username/" + username).then().statusCode(200)
                    .body("sub", equalTo(sub)).body("email", equalTo("a@example.com"))
                    .body("$", not(hasKey("password_hash"))).body("$", not(hasKey("password")));
            admin().get("/admin/users/by-username/" + username.toUpperCase()).then().statusCode(200).body("sub", equalTo(sub));
        }

        @Test
        void whenUsernameIsUnknownThen404() {
            admin().get("/admin/users/by-username/nobody-" + UUID.randomUUID()).then().statusCode(404)
                    .body("error", equalTo("not_found"));
        }

        @Test
        void whenUsernameIsTakenThen409() {
            TestUsers.TestUser u = TestUsers.create();
            admin().body(Map.of("username", u.username(), "password", "another-password")).post("/admin/users")
                    .then().statusCode(409).body("error", equalTo("invalid_request"));
        }

        @Test
        void whenPasswordIsTooShortThen400() {
            admin().body(Map.of("username", "short-" + UUID.randomUUID(), "password", "short")).post("/admin/users")
                    .then().statusCode(400).body("error", equalTo("invalid_request"));
        }

        @Test
        void whenUserIsDisabledThenSignInFailsAndEnabledAgainSucceeds() {
            TestUsers.TestUser u = TestUsers.create();
            admin().body(Map.of("enabled", false)).patch("/admin/users/" + u.subject()).then().statusCode(200)
                    .body("enabled", equalTo(false));
            org.junit.jupiter.api.Assertions.assertEquals(401, login(u.username(), TestUsers.PASSWORD));

            admin().body(Map.of("enabled", true)).patch("/admin/users/" + u.subject()).then().statusCode(200);
            org.junit.jupiter.api.Assertions.assertEquals(200, login(u.username(), TestUsers.PASSWORD));
        }

        @Test
        void whenClaimsAreUpdatedThenOthersStay() {
            TestUsers.TestUser u = TestUsers.create();
            admin().body(Map.of("given_name", "Augusta")).patch("/admin/users/" + u.subject()).then().statusCode(200)
                    .body("given_name", equalTo("Augusta")).body("family_name", equalTo("Lovelace"));
        }

        @Test
        void whenPasswordIsSetThenOnlyTheNewOneSignsIn() {
            TestUsers.TestUser u = TestUsers.create();
            admin().body(Map.of("password", "a-brand-new-password")).put("/admin/users/" + u.subject() + "/password")
                    .then().statusCode(204);
            org.junit.jupiter.api.Assertions.assertEquals(401, login(u.username(), TestUsers.PASSWORD));
            org.junit.jupiter.api.Assertions.assertEquals(200, login(u.username(), "a-brand-new-password"));
        }

        @Test
        void whenUserIsDeletedThenGoneAndSignInFails() {
            TestUsers.TestUser u = TestUsers.create();
            admin().delete("/admin/users/" + u.subject()).then().statusCode(204);
            admin().get("/admin/users/" + u.subject()).then().statusCode(404);
            admin().delete("/admin/users/" + u.subject()).then().statusCode(404);
            org.junit.jupiter.api.Assertions.assertEquals(401, login(u.username(), TestUsers.PASSWORD));
        }
    }
}
