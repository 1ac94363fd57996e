package dev.portcullis.token.clientcredentials;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.portcullis.contract.RedisKeys;
import dev.portcullis.contract.TokenHash;
import dev.portcullis.contract.TokenShape;
import dev.portcullis.proto.records.v1.OpaqueAccessTokenRecord;
import dev.portcullis.testing.ServiceTestResource;
import dev.portcullis.token.Jwts;
import dev.portcullis.token.RegisteredClients;
import dev.portcullis.token.RegisteredClients.Registered;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.List;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * RFC 6749 §4.4 client credentials grant, with RFC 9068 access tokens and RFC 8707 resource
 * indicators, against a real client-registry-service over gRPC.
 */
@QuarkusTest
@WithTestResource(value = ServiceTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, initArgs = {
        @ResourceArg(name = "module", value = "client-registry-service"),
        @ResourceArg(name = "grpc-client", value = "client-registry"),
        @ResourceArg(name = "url-property", value = "test.client-registry.url")})
class ClientCredentialsGrantTest {
    static final String ISSUER = "http://localhost:8080";

    @Inject
    RedisDataSource redis;

    static ValidatableResponse token(Registered client, String... params) {
        var req = given().auth().preemptive().basic(client.id(), client.secret()).formParam("grant_type", "client_credentials");
        for (int i = 0; i < params.length; i += 2) {
            req = req.formParam(params[i], params[i + 1]);
        }
        return req.post("/token").then();
    }

    @Nested
    class Rfc6749Section4_4_3AccessTokenResponse {
        @Test
        void whenClientAuthenticatesWithBasicThenBearerTokenWithoutRefreshTokenAndNoStore() {
            Registered client = RegisteredClients.machine("");
            token(client).statusCode(200)
                    .header("Cache-Control", "no-store")
                    .header("Pragma", "no-cache")
                    .body("token_type", equalTo("Bearer"))
                    .body("expires_in", equalTo(3600))
                    .body("scope", equalTo("api read"))
                    .body("refresh_token", nullValue())
                    .body("id_token", nullValue());
        }

        @Test
        void whenClientAuthenticatesWithPostThenTokenIssued() {
            Registered client = RegisteredClients.create("post", """
                    "grant_types":["client_credentials"],"token_endpoint_auth_method":"client_secret_post","scope":"api\"""");
            given().formParam("grant_type", "client_credentials").formParam("client_id", client.id())
                    .formParam("client_secret", client.secret())
                    .post("/token").then().statusCode(200).body("scope", equalTo("api"));
        }

        @Test
        void whenClientHasATokenLifetimeThenExpiresInFollowsIt() {
            Registered client = RegisteredClients.machine("\"access_token_ttl\":120");
            String jwt = token(client).statusCode(200).body("expires_in", equalTo(120)).extract().path("access_token");
            JwtClaims claims = Jwts.verify(jwt);
            assertThat(seconds(claims, "exp") - seconds(claims, "iat"), is(120L));
        }
    }

    @Nested
    class Rfc6749Section3_3Scope {
        @Test
        void whenNarrowerScopeRequestedThenOnlyThatScopeIsGranted() {
            Registered client = RegisteredClients.machine("");
            String jwt = token(client, "scope", "read").statusCode(200).body("scope", equalTo("read"))
                    .extract().path("access_token");
            assertThat(claim(Jwts.verify(jwt), "scope"), is("read"));
        }

        @Test
        void whenScopeBeyondTheClientsScopeRequestedThenInvalidScope() {
            Registered client = RegisteredClients.machine("");
            token(client, "scope", "api admin").statusCode(400)
                    .header("Cache-Control", "no-store")
                    .body("error", equalTo("invalid_scope"));
        }
    }

    @Nested
    class Rfc9068JwtAccessToken {
        @Test
        void whenIssuedThenSignedWithAPublishedKeyAndCarriesTheRequiredClaims() throws Exception {
            Registered client = RegisteredClients.machine("");
            String jwt = token(client).statusCode(200).extract().path("access_token");
            assertThat(TokenShape.of(jwt), is(TokenShape.JWT));
            assertThat(Jwts.header(jwt).getHeader("typ"), is("at+jwt"));
            assertThat(Jwts.header(jwt).getKeyIdHeaderValue(), notNullValue());
            // The default (README): signed by AWS-LC, verified here by the JDK's own provider.
            assertThat(Jwts.header(jwt).getAlgorithmHeaderValue(), is("ES256"));
            JwtClaims claims = Jwts.verify(jwt);
            assertThat(claims.getIssuer(), is(ISSUER));
            assertThat(claims.getSubject(), is(client.id()));
            assertThat(claim(claims, "client_id"), is(client.id()));
            assertThat(claims.getAudience(), contains(ISSUER));
            assertThat(claims.getJwtId().length(), greaterThan(15));
            assertThat(claims.getExpirationTime().getValue(), greaterThan(claims.getIssuedAt().getValue()));
        }

        @Test
        void whenTwoTokensIssuedThenTheirIdsDiffer() throws Exception {
            Registered client = RegisteredClients.machine("");
            String a = token(client).statusCode(200).extract().path("access_token");
            String b = token(client).statusCode(200).extract().path("access_token");
            assertThat(Jwts.verify(a).getJwtId(), not(Jwts.verify(b).getJwtId()));
        }
    }

    @Nested
    class Rfc8707ResourceIndicators {
        @Test
        void whenResourcesRequestedThenTheyAreTheAudience() throws Exception {
            Registered client = RegisteredClients.machine(
                    "\"allowed_resources\":[\"https://api.example.com\",\"https://other.example.com/x\"]");
            String jwt = token(client, "resource", "https://api.example.com", "resource", "https://other.example.com/x")
                    .statusCode(200).extract().path("access_token");
            assertThat(Jwts.verify(jwt).getAudience(), contains("https://api.example.com", "https://other.example.com/x"));
        }

        @Test
        void whenAResourceIsNotRegisteredForTheClientThenInvalidTarget() {
            Registered client = RegisteredClients.machine("\"allowed_resources\":[\"https://api.example.com\"]");
            token(client, "resource", "https://api.example.com", "resource", "https://payments.example.com")
                    .statusCode(400).header("Cache-Control", "no-store").body("error", equalTo("invalid_target"));
        }

        @Test
        void whenTheClientRegisteredNoResourcesThenAnyResourceIsInvalidTarget() {
            Registered client = RegisteredClients.machine("");
            token(client, "resource", "https://api.example.com").statusCode(400).body("error", equalTo("invalid_target"));
        }

        @Test
        void whenNoResourceIsRequestedThenTheDefaultAudienceIsUsed() throws Exception {
            Registered client = RegisteredClients.machine("\"allowed_resources\":[\"https://api.example.com\"]");
            String jwt = token(client).statusCode(200).extract().path("access_token");
            assertThat(Jwts.verify(jwt).getAudience(), contains(ISSUER));
        }

        @Test
        void whenResourceIsNotAnAbsoluteUriThenInvalidTarget() {
            Registered client = RegisteredClients.machine("");
            token(client, "resource", "/relative").statusCode(400).body("error", equalTo("invalid_target"));
        }

        @Test
        void whenResourceHasAFragmentThenInvalidTarget() {
            Registered client = RegisteredClients.machine("");
            token(client, "resource", "https://api.example.com/#x").statusCode(400).body("error", equalTo("invalid_target"));
        }
    }

    @Nested
    class OpaqueAccessTokens {
        @Test
        void whenClientIsConfiguredForOpaqueTokensThenTheTokenIsStoredByHashOnly() throws Exception {
            Registered client = RegisteredClients.machine("\"access_token_format\":\"opaque\"");
            String token = token(client).statusCode(200).extract().path("access_token");
            assertThat(TokenShape.of(token), is(TokenShape.OPAQUE));
            byte[] stored = redis.value(byte[].class).get(RedisKeys.opaqueAccessToken(TokenHash.of(token)));
            assertThat(stored, notNullValue());
            OpaqueAccessTokenRecord record = OpaqueAccessTokenRecord.parseFrom(stored);
            assertThat(record.getClientId(), is(client.id()));
            assertThat(record.getScope(), is("api read"));
            assertThat(record.getAudList(), is(List.of(ISSUER)));
            assertThat(redis.key().ttl(RedisKeys.opaqueAccessToken(TokenHash.of(token))), greaterThan(0L));
        }
    }

    static long seconds(JwtClaims claims, String name) {
        return ((Number) claims.getClaimValue(name)).longValue();
    }

    static Object claim(JwtClaims claims, String name) {
        return claims.getClaimValue(name);
    }
}
