package dev.portcullis.e2e.authorize;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testing.ServiceProcess;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * authorize-service with the real token-, revocation- and client-registry services: a code from
 * the browser flow redeemed at token-service, its JWT access token accepted at {@code /userinfo}
 * (verified against token-service's JWKS) until revocation-service revokes it; and the legacy
 * implicit flow minting tokens through gRPC {@code TokenIssuer} (OIDC Core §3.2).
 *
 * <p>token-service calls authorize's UserDirectory and authorize calls token-service, so there are
 * two authorize instances over the same PostgreSQL and Redis: the first serves UserDirectory to
 * token-service, the second (the one the browser uses) knows token-service's address.
 */
class AuthorizeAcrossServicesTest {
    static final String REDIRECT = "https://app.example.com/callback";
    static final String ADMIN = "Bearer test-admin-token";
    static final String PASSWORD = "correct horse battery staple";

    static ServiceProcess registry;
    static ServiceProcess directory;
    static ServiceProcess token;
    static ServiceProcess revocation;
    static ServiceProcess authorize;

    @BeforeAll
    static void startServices() {
        registry = ServiceProcess.start("client-registry-service", Map.of());
        String registryPort = String.valueOf(registry.port());
        directory = ServiceProcess.start("authorize-service", Map.of("quarkus.grpc.clients.client-registry.port", registryPort,
                ADDRESS_CEILING, SHARED_LOOPBACK));
        token = ServiceProcess.start("token-service", Map.of(
                "quarkus.grpc.clients.client-registry.port", registryPort,
                "quarkus.grpc.clients.user-directory.port", String.valueOf(directory.port())));
        revocation = ServiceProcess.start("revocation-service", Map.of(
                "quarkus.grpc.clients.client-registry.port", registryPort,
                "portcullis.jwks-url", token.url() + "/jwks"));
        authorize = ServiceProcess.start("authorize-service", Map.of(
                "quarkus.grpc.clients.client-registry.port", registryPort,
                "quarkus.grpc.clients.token-issuer.port", String.valueOf(token.port()),
                "portcullis.jwks-url", token.url() + "/jwks",
                "oauth.authorize.implicit-grant-enabled", "true",
                ADDRESS_CEILING, SHARED_LOOPBACK));
    }

    /**
     * Every test run on this machine signs in from 127.0.0.1 against the one shared Redis, like an
     * office behind one NAT address: the per-address ceiling of the sign-in throttle is raised so
     * other runs' wrong passwords never slow these sign-ins down (the throttle has tests of its own).
     */
    static final String ADDRESS_CEILING = "oauth.authorize.login-throttle.address.free-failures";
    static final String SHARED_LOOPBACK = "100000";

    @AfterAll
    static void stopServices() {
        for (ServiceProcess p : new ServiceProcess[] {authorize, revocation, token, directory, registry}) {
            if (p != null) {
                p.close();
            }
        }
    }

    static String client() {
        String id = "e2e-authz-" + UUID.randomUUID();
        Map<String, Object> body = new HashMap<>();
        body.put("client_id", id);
        body.put("client_name", "E2E App");
        body.put("redirect_uris", List.of(REDIRECT));
        body.put("token_endpoint_auth_method", "none");
        body.put("grant_types", List.of("authorization_code", "implicit"));
        body.put("response_types", List.of("code", "id_token token"));
        body.put("scope", "openid profile email");
        body.put("skip_consent", true);
        given().baseUri(registry.url()).header("Authorization", ADMIN).contentType(ContentType.JSON).body(body)
                .post("/admin/clients").then().statusCode(201);
        return id;
    }

    static String[] user() {
        String username = "e2e-" + UUID.randomUUID();
        String sub = given().baseUri(authorize.url()).header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", PASSWORD, "email", username + "@example.com", "name", "Ada Lovelace"))
                .post("/admin/users").then().statusCode(201).extract().path("sub");
        return new String[] {username, sub};
    }

    /** Signs in like a browser and answers the final redirect to the client. */
    static Response authorize(Map<String, String> params, String username) {
        Map<String, String> cookies = new HashMap<>();
        Response toLogin = keep(cookies, browser(cookies).get(authorize.url() + "/authorize?" + form(params)));
        assertEquals(302, toLogin.statusCode());
        Response login = keep(cookies, browser(cookies).get(local(toLogin.header("Location"))));
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"").matcher(login.asString());
        while (m.find()) {
            fields.put(m.group(1), unescape(m.group(2)));
        }
        fields.put("username", username);
        fields.put("password", PASSWORD);
        Response back = keep(cookies, browser(cookies).contentType("application/x-www-form-urlencoded").body(form(fields))
                .post(authorize.url() + "/login"));
        assertEquals(303, back.statusCode());
        Response done = keep(cookies, browser(cookies).get(local(back.header("Location"))));
        assertEquals(302, done.statusCode());
        assertTrue(done.header("Location").startsWith(REDIRECT));
        return done;
    }

    /** Undoes Qute's HTML escaping of attribute values. */
    static String unescape(String v) {
        return v.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    static io.restassured.specification.RequestSpecification browser(Map<String, String> cookies) {
        return given().urlEncodingEnabled(false).redirects().follow(false).cookies(cookies);
    }

    static Response keep(Map<String, String> cookies, Response r) {
        r.getDetailedCookies().forEach(c -> cookies.put(c.getName(), c.getValue()));
        return r;
    }

    static String local(String issuerUrl) {
        return authorize.url() + issuerUrl.substring("http://localhost:8080".length());
    }

    static String form(Map<String, String> p) {
        StringBuilder b = new StringBuilder();
        p.forEach((k, v) -> b.append(b.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return b.toString();
    }

    static Map<String, String> parameters(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Nested
    class OidcCore_5_3_UserInfoWithJwtAccessTokens {
        @Test
        void whenCodeIsRedeemedThenItsAccessTokenGetsClaimsUntilRevoked() throws Exception {
            String client = client();
            String[] user = user();
            String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
            String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
            Map<String, String> p = new LinkedHashMap<>();
            p.put("response_type", "code");
            p.put("client_id", client);
            p.put("redirect_uri", REDIRECT);
            p.put("scope", "openid profile");
            p.put("state", "st");
            p.put("code_challenge", challenge);
            p.put("code_challenge_method", "S256");
            String code = parameters(URI.create(authorize(p, user[0]).header("Location")).getRawQuery()).get("code");

            String accessToken = given().baseUri(token.url()).formParam("grant_type", "authorization_code")
                    .formParam("code", code).formParam("redirect_uri", REDIRECT).formParam("client_id", client)
                    .formParam("code_verifier", verifier).post("/token")
                    .then().statusCode(200).extract().path("access_token");

            given().baseUri(authorize.url()).auth().oauth2(accessToken).get("/userinfo").then().statusCode(200)
                    .body("sub", equalTo(user[1])).body("name", equalTo("Ada Lovelace"));

            given().baseUri(revocation.url()).formParam("token", accessToken).formParam("client_id", client)
                    .post("/revoke").then().statusCode(200);

            given().baseUri(authorize.url()).auth().oauth2(accessToken).get("/userinfo").then().statusCode(401)
                    .header("WWW-Authenticate", startsWith("Bearer error=\"invalid_token\""));
        }
    }

    @Nested
    class OidcCore_3_2_ImplicitFlow {
        @Test
        void whenClientIsAllowedIdTokenTokenThenTokensComeInTheFragmentFromTokenService() {
            String client = client();
            String[] user = user();
            Map<String, String> p = new LinkedHashMap<>();
            p.put("response_type", "id_token token");
            p.put("client_id", client);
            p.put("redirect_uri", REDIRECT);
            p.put("scope", "openid email");
            p.put("state", "imp");
            p.put("nonce", "n-" + UUID.randomUUID());

            URI location = URI.create(authorize(p, user[0]).header("Location"));

            assertEquals(null, location.getRawQuery());
            Map<String, String> fragment = parameters(location.getRawFragment());
            assertEquals("imp", fragment.get("state"));
            assertEquals("Bearer", fragment.get("token_type"));
            assertNotNull(fragment.get("id_token"));
            given().baseUri(authorize.url()).auth().oauth2(fragment.get("access_token")).get("/userinfo").then()
                    .statusCode(200).body("sub", equalTo(user[1])).body("email", equalTo(user[0] + "@example.com"));
        }
    }
}
