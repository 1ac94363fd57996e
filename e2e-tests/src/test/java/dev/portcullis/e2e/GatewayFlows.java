package dev.portcullis.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The flows that touch every kind of Redis record, driven through the gateway as a relying party
 * and a browser would: sign-in (login throttle counters, browser session), the authorization code
 * flow with PKCE (RFC 6749 §4.1, RFC 7636: code record, redemption record, refresh family),
 * refresh with rotation (RFC 6749 §6, RFC 9700 §4.14.2: the compare-and-set scripts),
 * {@code client_credentials} (RFC 6749 §4.4), introspection (RFC 7662: revoked ids, refresh state)
 * and revocation (RFC 7009: family revocation script, revocation notices).
 *
 * <p>Each call asserts its answer, so one {@link #iteration()} either completes or throws; the
 * Redis topology tests run it before, during and after a failure of Redis.
 */
final class GatewayFlows {
    static final String REDIRECT = "https://app.example.com/callback";
    private static final String PASSWORD = "correct horse battery staple";
    private static final String SCOPE = "openid offline_access api";
    /** A request stuck on a lost Redis connection must fail the iteration, not hang the test. */
    private static final int TIMEOUT_MILLIS = 15_000;
    private static final RestAssuredConfig CONFIG = RestAssured.config()
            .encoderConfig(EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false))
            .httpClient(HttpClientConfig.httpClientConfig()
                    .setParam("http.connection.timeout", TIMEOUT_MILLIS)
                    .setParam("http.socket.timeout", TIMEOUT_MILLIS));
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A registered client and its secret. */
    record Client(String id, String secret) {
    }

    /** An authorization code and the PKCE verifier it is bound to. */
    record Code(String code, String verifier) {
    }

    /** What the token endpoint answered. */
    record Tokens(String accessToken, String refreshToken) {
    }

    private final LocalStack stack;
    private final String issuer;
    private final String adminToken;
    private final Client client;
    private final String username;
    private final Map<String, String> cookies = new ConcurrentHashMap<>();
    /**
     * The browser's own loopback address (127.1.x.y), so the sign-in throttle's per-address
     * counters (shared Redis, every stack and test run) start fresh for each set of flows.
     */
    private final RestAssuredConfig browserConfig = CONFIG.httpClient(CONFIG.getHttpClientConfig()
            .setParam("http.route.local-address", loopbackAddress()));

    private GatewayFlows(LocalStack stack, String issuer, String adminToken, Client client, String username) {
        this.stack = stack;
        this.issuer = issuer;
        this.adminToken = adminToken;
        this.client = client;
        this.username = username;
    }

    /**
     * Registers a confidential client (Basic authentication, refresh token rotation, no consent
     * page, introspection rights) and a user through the admin APIs, then signs the user in,
     * after one wrong password, keeping the browser session.
     */
    static GatewayFlows start(LocalStack stack) {
        Map<String, String> demo = stack.demo();
        String admin = demo.get("ADMIN_TOKEN");
        String username = "e2e-redis-" + UUID.randomUUID();
        given().baseUri(stack.serviceUrl(8081)).header("Authorization", "Bearer " + admin).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", PASSWORD, "email", username + "@example.com"))
                .post("/admin/users").then().statusCode(201);
        GatewayFlows flows = new GatewayFlows(stack, demo.get("ISSUER"), admin, registerClient(stack, admin), username);
        flows.signIn();
        return flows;
    }

    /** Another confidential client of the same kind. */
    Client registerClient() {
        return registerClient(stack, adminToken);
    }

    /** Another confidential client of the same kind, with more registration metadata ({@code allow_plain_pkce}...). */
    Client registerClient(Map<String, Object> metadata) {
        return registerClient(stack, adminToken, metadata);
    }

    private static Client registerClient(LocalStack stack, String admin) {
        return registerClient(stack, admin, Map.of());
    }

    private static Client registerClient(LocalStack stack, String admin, Map<String, Object> metadata) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("client_id", "e2e-redis-" + UUID.randomUUID());
        body.put("client_name", "E2E Redis topology");
        body.put("redirect_uris", List.of(REDIRECT));
        body.put("token_endpoint_auth_method", "client_secret_basic");
        body.put("grant_types", List.of("authorization_code", "refresh_token", "client_credentials"));
        body.put("response_types", List.of("code"));
        body.put("scope", SCOPE);
        body.put("skip_consent", true);
        body.put("rotate_refresh_tokens", true);
        body.put("can_introspect", true);
        body.putAll(metadata);
        JsonPath created = given().baseUri(stack.serviceUrl(8084)).header("Authorization", "Bearer " + admin)
                .contentType(ContentType.JSON).body(body).post("/admin/clients")
                .then().statusCode(201).extract().jsonPath();
        return new Client(created.getString("client_id"), created.getString("client_secret"));
    }

    /**
     * One pass over every flow: a code from the signed-in session, redeemed; the refresh token
     * rotated; both tokens introspected active; a {@code client_credentials} token; the rotated
     * refresh token revoked, which makes it and its family inactive.
     */
    void iteration() {
        Tokens tokens = redeem(code());
        Tokens refreshed = refresh(tokens.refreshToken());
        assertTrue(active(refreshed.accessToken()), "the refreshed access token is active");
        assertTrue(active(refreshed.refreshToken()), "the new refresh token is active");
        assertNotNull(clientCredentials(client), "client_credentials token");
        revoke(refreshed.refreshToken());
        assertTrue(!active(refreshed.refreshToken()), "the revoked refresh token is inactive");
    }

    /** An authorization code for the signed-in user (RFC 6749 §4.1.1, PKCE S256). */
    Code code() {
        String verifier = randomToken();
        Response done = browser().get(issuer + "/authorize?" + form(authorizationRequest(verifier)));
        assertEquals(302, done.statusCode(), "authorization response with the session");
        return new Code(codeFrom(done), verifier);
    }

    /**
     * RFC 6749 §4.1.1: the signed-in user's authorization request for another client, with the
     * given {@code code_challenge} and {@code code_challenge_method} (left out when null); the
     * authorization response as the browser gets it, not followed.
     */
    Response authorize(Client who, String challenge, String method, String state) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("response_type", "code");
        p.put("client_id", who.id());
        p.put("redirect_uri", REDIRECT);
        p.put("scope", SCOPE);
        p.put("state", state);
        p.put("code_challenge", challenge);
        if (method != null) {
            p.put("code_challenge_method", method);
        }
        return browser().get(issuer + "/authorize?" + form(p));
    }

    /**
     * RFC 6749 §4.1.3: the token endpoint's answer to a code exchange by this client, with RFC 8707
     * {@code resource} values when given.
     */
    Response redeemResponse(Client who, String code, String verifier, String... resources) {
        RequestSpecification r = tokenRequest(who).formParam("grant_type", "authorization_code").formParam("code", code)
                .formParam("redirect_uri", REDIRECT).formParam("code_verifier", verifier);
        for (String resource : resources) {
            r = r.formParam("resource", resource);
        }
        return r.post(issuer + "/token");
    }

    /**
     * The authorization response for the signed-in user to a request of {@code who} naming these
     * RFC 8707 resources, and the PKCE verifier the request was bound to.
     */
    Map.Entry<Response, String> authorizeWithResources(Client who, String... resources) {
        String verifier = randomToken();
        Map<String, String> request = authorizationRequest(verifier);
        request.put("client_id", who.id());
        StringBuilder query = new StringBuilder(form(request));
        for (String resource : resources) {
            query.append("&resource=").append(URLEncoder.encode(resource, StandardCharsets.UTF_8));
        }
        return Map.entry(browser().get(issuer + "/authorize?" + query), verifier);
    }

    /** The code of an authorization response. */
    static String codeOf(Response authorizationResponse) {
        return codeFrom(authorizationResponse);
    }

    String issuer() {
        return issuer;
    }

    /** The query parameters of an authorization response's redirect to the client. */
    static Map<String, String> redirectParameters(Response authorizationResponse) {
        String location = authorizationResponse.header("Location");
        assertTrue(location != null && location.startsWith(REDIRECT + "?"), "redirect to the client: " + location);
        return parameters(URI.create(location).getRawQuery());
    }

    /** A fresh RFC 7636 §4.1 code verifier (256 bits, base64url). */
    static String newVerifier() {
        return randomToken();
    }

    /** RFC 6749 §4.1.3: the code exchanged for tokens. */
    Tokens redeem(Code code) {
        JsonPath json = tokenRequest(client).formParam("grant_type", "authorization_code").formParam("code", code.code())
                .formParam("redirect_uri", REDIRECT).formParam("code_verifier", code.verifier())
                .post(issuer + "/token").then().statusCode(200).extract().jsonPath();
        return new Tokens(json.getString("access_token"), json.getString("refresh_token"));
    }

    /** RFC 6749 §6: a refresh, which rotates the refresh token. */
    Tokens refresh(String refreshToken) {
        JsonPath json = refreshResponse(refreshToken).then().statusCode(200).extract().jsonPath();
        return new Tokens(json.getString("access_token"), json.getString("refresh_token"));
    }

    Response refreshResponse(String refreshToken) {
        return tokenRequest(client).formParam("grant_type", "refresh_token").formParam("refresh_token", refreshToken)
                .post(issuer + "/token");
    }

    /** RFC 6749 §4.4: an access token for the client itself. */
    String clientCredentials(Client who) {
        return clientCredentialsResponse(who).then().statusCode(200).extract().path("access_token");
    }

    Response clientCredentialsResponse(Client who) {
        return tokenRequest(who).formParam("grant_type", "client_credentials").formParam("scope", "api")
                .post(issuer + "/token");
    }

    /** RFC 7662 §2.2: the {@code active} member for the token. */
    boolean active(String token) {
        return tokenRequest(client).formParam("token", token).post(issuer + "/introspect")
                .then().statusCode(200).extract().path("active");
    }

    /** RFC 7662 §2.2: the whole introspection response for the token, asked by this client. */
    JsonPath introspection(String token) {
        return tokenRequest(client).formParam("token", token).post(issuer + "/introspect")
                .then().statusCode(200).extract().jsonPath();
    }

    /** OIDC Core §5.3: the UserInfo answer for the token sent as a bearer credential (RFC 6750 §2.1). */
    Response userinfo(String token) {
        return given().config(CONFIG).auth().oauth2(token).get(issuer + "/userinfo");
    }

    /** RFC 7009 §2.2: revoked by {@code who} (200 whatever the token was). */
    void revoke(Client who, String token) {
        tokenRequest(who).formParam("token", token).post(issuer + "/revoke").then().statusCode(200);
    }

    /** The stack's admin credential (demo.env). */
    String adminToken() {
        return adminToken;
    }

    /** RFC 7009 §2.2: revoked (200 whatever the token was). */
    void revoke(String token) {
        tokenRequest(client).formParam("token", token).post(issuer + "/revoke").then().statusCode(200);
    }

    /** Disables or enables a client through client-registry's admin API (a change notice follows). */
    void setEnabled(Client who, boolean enabled) {
        given().config(CONFIG).baseUri(stack.serviceUrl(8084)).header("Authorization", "Bearer " + adminToken)
                .post("/admin/clients/" + who.id() + (enabled ? "/enable" : "/disable")).then().statusCode(200);
    }

    Client client() {
        return client;
    }

    private void signIn() {
        String verifier = randomToken();
        Response toLogin = keep(browser().get(issuer + "/authorize?" + form(authorizationRequest(verifier))));
        assertEquals(302, toLogin.statusCode(), "to the login page");
        String loginPage = toLogin.header("Location");
        assertEquals(401, submitLogin(loginPage, "not the password").statusCode(), "a wrong password is refused");
        Response back = submitLogin(loginPage, PASSWORD);
        assertEquals(303, back.statusCode(), "signed in");
        Response done = keep(browser().get(back.header("Location")));
        assertEquals(302, done.statusCode(), "authorization response after sign-in");
        codeFrom(done);
    }

    private Response submitLogin(String loginPage, String password) {
        Response page = keep(browser().get(loginPage));
        assertEquals(200, page.statusCode(), "login page");
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = HIDDEN.matcher(page.asString());
        while (m.find()) {
            fields.put(m.group(1), unescape(m.group(2)));
        }
        fields.put("username", username);
        fields.put("password", password);
        return keep(browser().contentType("application/x-www-form-urlencoded").body(form(fields)).post(issuer + "/login"));
    }

    private Map<String, String> authorizationRequest(String verifier) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("response_type", "code");
        p.put("client_id", client.id());
        p.put("redirect_uri", REDIRECT);
        p.put("scope", SCOPE);
        p.put("state", randomToken());
        p.put("code_challenge", s256(verifier));
        p.put("code_challenge_method", "S256");
        return p;
    }

    static String codeFrom(Response authorizationResponse) {
        String code = redirectParameters(authorizationResponse).get("code");
        assertNotNull(code, "code in " + authorizationResponse.header("Location"));
        return code;
    }

    private RequestSpecification browser() {
        return given().config(browserConfig).urlEncodingEnabled(false).redirects().follow(false).cookies(cookies);
    }

    private static java.net.InetAddress loopbackAddress() {
        try {
            return java.net.InetAddress.getByAddress(new byte[] {127, 1, (byte) (1 + RANDOM.nextInt(254)), (byte) (1 + RANDOM.nextInt(254))});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private Response keep(Response r) {
        r.getDetailedCookies().forEach(c -> cookies.put(c.getName(), c.getValue()));
        return r;
    }

    private static RequestSpecification tokenRequest(Client who) {
        return given().config(CONFIG).auth().preemptive().basic(who.id(), who.secret());
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Undoes Qute's HTML escaping of attribute values. */
    private static String unescape(String v) {
        return v.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    private static String form(Map<String, String> p) {
        StringBuilder b = new StringBuilder();
        p.forEach((k, v) -> b.append(b.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return b.toString();
    }

    private static Map<String, String> parameters(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
