package dev.portcullis.authorize.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
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
        void whenUsernameIsTakenThen409Conflict() {
            TestUsers.TestUser u = TestUsers.create();
            admin().body(Map.of("username", u.username(), "password", "another-password")).post("/admin/users")
                    .then().statusCode(409).header("Cache-Control", "no-store").body("error", equalTo("conflict"));
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

    /** A member the API does not understand is refused and named, never silently dropped. */
    @Nested
    class UnknownMembers {
        @Test
        void whenEmailIsMisspelledThen400NamingItAndNoUserIsCreated() {
            String username = "typo-" + UUID.randomUUID();
            admin().body(Map.of("username", username, "password", "s3cret-password", "emial", "a@example.com"))
                    .post("/admin/users").then().statusCode(400)
                    .body("error", equalTo("invalid_request"))
                    .body("error_description", containsString("emial"));
            admin().get("/admin/users/by-username/" + username).then().statusCode(404);
        }

        @Test
        void whenPatchCarriesAnUnknownMemberThen400AndTheUserIsUnchanged() {
            TestUsers.TestUser u = TestUsers.create();
            admin().body(Map.of("given_name", "Augusta", "familyname", "Byron")).patch("/admin/users/" + u.subject())
                    .then().statusCode(400).body("error_description", containsString("familyname"));
            admin().get("/admin/users/" + u.subject()).then().statusCode(200).body("family_name", equalTo("Lovelace"))
                    .body("given_name", not(equalTo("Augusta")));
        }

        @Test
        void whenAMemberHasTheWrongTypeThen400NamingIt() {
            admin().body("{\"username\":\"typed-" + UUID.randomUUID() + "\",\"email_verified\":\"yes\"}")
                    .post("/admin/users").then().statusCode(400).body("error_description", containsString("email_verified"));
        }

        @Test
        void whenAMemberIsRepeatedOrTheBodyIsNotAnObjectThen400() {
            admin().body("{\"username\":\"a\",\"username\":\"b\"}").post("/admin/users").then().statusCode(400)
                    .body("error", equalTo("invalid_request"));
            admin().body("[]").post("/admin/users").then().statusCode(400).body("error", equalTo("invalid_request"));
            admin().body("{").post("/admin/users").then().statusCode(400).body("error", equalTo("invalid_request"));
        }

        @Test
        void whenPasswordBodyHasAnUnknownMemberThen400() {
            TestUsers.TestUser u = TestUsers.create();
            admin().body(Map.of("pasword", "a-brand-new-password")).put("/admin/users/" + u.subject() + "/password")
                    .then().statusCode(400).body("error_description", containsString("pasword"));
        }
    }

    /** GET /admin/users: search in username, email and name, one page at a time. */
    @Nested
    class ListAndSearch {
        @Test
        void whenSearchedThenOnlyMatchingUsersInUsernameOrderWithTheTotal() {
            String tag = UUID.randomUUID().toString().substring(0, 8);
            for (String name : new String[] {"c", "a", "b"}) {
                admin().body(Map.of("username", "list-" + tag + "-" + name, "email", name + "@example.com"))
                        .post("/admin/users").then().statusCode(201);
            }
            admin().queryParam("q", "LIST-" + tag).queryParam("size", 2).get("/admin/users").then().statusCode(200)
                    .body("total", equalTo(3)).body("page", equalTo(0)).body("size", equalTo(2))
                    .body("users.username", contains("list-" + tag + "-a", "list-" + tag + "-b"))
                    .body("users[0]", not(hasKey("password_hash")));
            admin().queryParam("q", "list-" + tag).queryParam("size", 2).queryParam("page", 1).get("/admin/users")
                    .then().statusCode(200).body("users.username", contains("list-" + tag + "-c"));
        }

        @Test
        void whenTheSearchHoldsLikeWildcardsThenTheyMatchThemselves() {
            admin().queryParam("q", "%_no-such-user-" + UUID.randomUUID()).get("/admin/users").then().statusCode(200)
                    .body("total", equalTo(0)).body("users", hasSize(0));
        }

        @Test
        void whenPageOrSizeIsOutOfRangeThen400() {
            admin().queryParam("size", 0).get("/admin/users").then().statusCode(400).body("error", equalTo("invalid_request"));
            admin().queryParam("size", 201).get("/admin/users").then().statusCode(400);
            admin().queryParam("page", -1).get("/admin/users").then().statusCode(400);
            admin().queryParam("page", "x").get("/admin/users").then().statusCode(400);
        }
    }

    @Test
    void theOpenApiDocumentDescribesTheUserAdminApi() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/admin/users"))
                .body("paths", hasKey("/admin/users/{sub}/password"));
    }
}
