package dev.portcullis.token.keys;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.portcullis.testing.ServiceTestResource;
import dev.portcullis.testing.TestIssuer;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The signing key admin API and its OpenAPI document. */
@QuarkusTest
@WithTestResource(value = ServiceTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, initArgs = {
        @ResourceArg(name = "module", value = "client-registry-service"),
        @ResourceArg(name = "grpc-client", value = "client-registry"),
        @ResourceArg(name = "url-property", value = "test.client-registry.url")})
class KeyAdminApiTest {
    @Test
    void whenKeysAreListedThenEachAlgorithmHasASigningKeyAndNoPrivatePart() {
        given().header("Authorization", TestIssuer.adminBearer("admin:read")).get("/admin/keys").then().statusCode(200)
                .body("keys.alg", hasItems("RS256", "ES256"))
                .body("keys.findAll { it.signing }.alg", hasItems("RS256", "ES256"))
                .body("keys", everyItem(not(hasKey("d"))))
                .body("keys", not(empty()));
    }

    @Test
    void whenNoCredentialThen401WithBearerChallenge() {
        given().get("/admin/keys").then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("error", equalTo("invalid_token"));
    }

    /** RFC 6750 §3.1: a valid admin token without admin:keys cannot rotate. */
    @Test
    void whenReadOnlyOrClientsScopeThenRotationIs403InsufficientScope() {
        for (String scope : new String[] {"admin:read", "admin:clients admin:users"}) {
            given().header("Authorization", TestIssuer.adminBearer(scope)).post("/admin/keys/rotate").then()
                    .statusCode(403)
                    .header("WWW-Authenticate", startsWith("Bearer error=\"insufficient_scope\""))
                    .body("error", equalTo("insufficient_scope"));
        }
    }

    @Test
    void whenTheTokenIsForAnotherAudienceThen401InvalidToken() {
        String token = TestIssuer.get().accessToken("x", "x", TestIssuer.ISSUER, "admin:keys");
        given().header("Authorization", "Bearer " + token).post("/admin/keys/rotate").then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer error=\"invalid_token\""));
    }

    @Test
    void whenTheOpenApiDocumentIsReadThenTheKeyAdminApiIsDescribed() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/admin/keys"))
                .body("paths", hasKey("/admin/keys/rotate"));
    }
}
