package dev.portcullis.token;

import static io.restassured.RestAssured.get;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.portcullis.testing.ServiceTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** RFC 7517 §5: the published key set holds public parts only and may be cached briefly. */
@QuarkusTest
@WithTestResource(value = ServiceTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, initArgs = {
        @ResourceArg(name = "module", value = "client-registry-service"),
        @ResourceArg(name = "grpc-client", value = "client-registry"),
        @ResourceArg(name = "url-property", value = "test.client-registry.url")})
class JwksTest {

    @Test
    void whenFetchedThenRs256AndEs256KeysArePublishedWithoutPrivateParts() {
        get("/jwks").then().statusCode(200)
                .header("Cache-Control", startsWith("public, max-age="))
                .body("keys.alg", hasItems("RS256", "ES256"))
                .body("keys.use", everyItem(org.hamcrest.Matchers.equalTo("sig")))
                .body("keys.d", everyItem(nullValue()))
                .body("keys.p", everyItem(nullValue()));
    }
}
