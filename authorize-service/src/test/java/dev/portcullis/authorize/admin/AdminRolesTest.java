package dev.portcullis.authorize.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portcullis.authorize.authorization.AuthorizationCodeFlowTest;
import dev.portcullis.authorize.testing.Browser;
import dev.portcullis.authorize.testing.Pkce;
import dev.portcullis.authorize.testing.TestClients;
import dev.portcullis.authorize.testing.TestUsers;
import dev.portcullis.authorize.testing.WithClientRegistry;
import dev.portcullis.contract.RedisKeys;
import dev.portcullis.contract.TokenHash;
import dev.portcullis.contract.oauth.Scope;
import dev.portcullis.testing.ServiceTestResource;
import dev.portcullis.testing.TestIssuer;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Administrators are identities: the user admin API takes admin access tokens with the right
 * scope, admin roles are stored with the user, and a person's roles decide which admin scopes
 * the code flow may grant them.
 */
@QuarkusTest
@WithTestResource(value = ServiceTestResource.class, initArgs = {
        @ResourceArg(name = "module", value = "client-registry-service"),
        @ResourceArg(name = "grpc-client", value = "client-registry"),
        @ResourceArg(name = "url-property", value = WithClientRegistry.URL_PROPERTY)})
class AdminRolesTest {
    private static final String ADMIN_SCOPES = "openid admin:read admin:clients admin:users admin:keys";

    @Inject
    RedisDataSource redis;

    static RequestSpecification with(String scope) {
        return given().header("Authorization", TestIssuer.adminBearer(scope)).contentType(ContentType.JSON);
    }

    static Map<String, Object> user(String... roles) {
        return Map.of("username", "role-" + UUID.randomUUID(), "password", TestUsers.PASSWORD, "roles", List.of(roles));
    }

    @Nested
    class Rfc6750Section3_1 {
        @Test
        void whenTheTokenIsForAnotherAudienceThen401InvalidToken() {
            String token = TestIssuer.get().accessToken("x", "x", TestIssuer.ISSUER, "admin:users");
            given().header("Authorization", "Bearer " + token).get("/admin/users").then().statusCode(401)
                    .header("WWW-Authenticate", startsWith("Bearer error=\"invalid_token\""));
        }

        @Test
        void whenTheScopeIsClientsThenUsersAreNeitherReadNorChanged() {
            with("admin:clients").get("/admin/users").then().statusCode(403)
                    .header("WWW-Authenticate", startsWith("Bearer error=\"insufficient_scope\""))
                    .body("error", equalTo("insufficient_scope"));
            with("admin:clients").body(user()).post("/admin/users").then().statusCode(403);
        }

        @Test
        void whenReadOnlyThenUsersAreReadButNotChanged() {
            TestUsers.TestUser u = TestUsers.create();
            with("admin:read").get("/admin/users/" + u.subject()).then().statusCode(200);
            with("admin:read").body(Map.of("enabled", false)).patch("/admin/users/" + u.subject()).then().statusCode(403)
                    .body("error", equalTo("insufficient_scope"));
            with("admin:read").delete("/admin/users/" + u.subject()).then().statusCode(403);
            with("admin:users").get("/admin/users/" + u.subject()).then().body("enabled", equalTo(true));
        }
    }

    @Nested
    class RolesAreStoredWithTheUser {
        @Test
        void whenAUserIsCreatedWithRolesThenTheyAreShown() {
            with("admin:read admin:clients admin:users").body(user("admin-clients")).post("/admin/users").then()
                    .statusCode(201).body("roles", contains("admin-clients"));
        }

        @Test
        void whenARoleIsUnknownThen400() {
            with("admin:read admin:clients admin:users admin:keys").body(user("root")).post("/admin/users").then()
                    .statusCode(400).body("error", equalTo("invalid_request"));
        }

        @Test
        void whenTheCallerLacksAScopeTheRoleAllowsThen403AndNoUser() {
            Map<String, Object> body = user("admin");
            with("admin:users").body(body).post("/admin/users").then().statusCode(403).body("error", equalTo("insufficient_scope"));
            with("admin:users").get("/admin/users/by-username/" + body.get("username")).then().statusCode(404);
        }

        @Test
        void whenAUsersAdministratorTriesToChangeOrDeleteAFullAdministratorThen403() {
            String sub = with("admin:read admin:clients admin:users admin:keys").body(user("admin")).post("/admin/users")
                    .then().statusCode(201).extract().path("sub");
            with("admin:users").body(Map.of("enabled", false)).patch("/admin/users/" + sub).then().statusCode(403);
            with("admin:users").body(Map.of("password", "another-password")).put("/admin/users/" + sub + "/password")
                    .then().statusCode(403);
            with("admin:users").delete("/admin/users/" + sub).then().statusCode(403);
            with("admin:read").get("/admin/users/" + sub).then().statusCode(200).body("enabled", equalTo(true));
        }
    }

    /** RFC 6749 §3.3: the code flow grants a person only the admin scopes their roles allow. */
    @Nested
    class CodeFlowGrantsAdminScopesByRole {
        String adminConsole() {
            return TestClients.register(Map.of("skip_consent", true, "scope", ADMIN_SCOPES));
        }

        Scope grantedTo(String username) {
            Map<String, String> request = AuthorizationCodeFlowTest.request(adminConsole(), Pkce.create(), "s");
            request.put("scope", ADMIN_SCOPES);
            Browser browser = new Browser();
            Response redirect = AuthorizationCodeFlowTest.signIn(browser, browser.get(AuthorizationCodeFlowTest.query(request)),
                    username);
            assertEquals(302, redirect.statusCode());
            String code = Browser.parameters(redirect.header("Location"), false).get("code");
            return Scope.parse(AuthorizationCodeFlowTest.parse(
                    redis.value(byte[].class).get(RedisKeys.authorizationCode(TokenHash.of(code)))).getScope());
        }

        @Test
        void whenThePersonHasNoAdminRoleThenNoAdminScopeIsGranted() {
            assertEquals(Scope.parse("openid"), grantedTo(TestUsers.create().username()));
        }

        @Test
        void whenThePersonIsAClientsAdministratorThenReadAndClientsOnly() {
            Map<String, Object> body = user("admin-clients");
            with("admin:read admin:clients admin:users").body(body).post("/admin/users").then().statusCode(201);
            assertEquals(Scope.parse("openid admin:read admin:clients"), grantedTo((String) body.get("username")));
        }

        @Test
        void whenTheRoleIsWithdrawnThenTheNextCodeCarriesNoAdminScope() {
            Map<String, Object> body = user("admin-read");
            String sub = with("admin:read admin:users").body(body).post("/admin/users").then().statusCode(201)
                    .extract().path("sub");
            assertEquals(Scope.parse("openid admin:read"), grantedTo((String) body.get("username")));
            with("admin:read admin:users").body(Map.of("roles", List.of())).patch("/admin/users/" + sub).then()
                    .statusCode(200);
            assertEquals(Scope.parse("openid"), grantedTo((String) body.get("username")));
        }
    }
}
