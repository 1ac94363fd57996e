package dev.portcullis.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * authorize-service ({@code /userinfo}) and revocation-service ({@code /introspect}) verify JWT
 * access tokens with the one RFC 9068 rule of {@code rules}' {@code accesstoken} package, and so
 * agree on every token: valid, expired, forged (wrong signature, wrong issuer), revoked, and signed
 * by a key created by a rotation after both services loaded the key set (picked up without a
 * restart). Through nginx, on the local stack; token-service publishes a new key 3 s before it
 * signs with it ({@code OAUTH_TOKEN_KEYS_PROPAGATION_DELAY}), so the rotation is seen quickly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("authorize-service and revocation-service agree on every access token, through the gateway")
class AccessTokenAgreementTest {
    private static final long WAIT_MILLIS = 90_000;

    private final LocalStack stack = LocalStack.fromSystemProperties().withEnvironment("agreement", Map.of(
            "OAUTH_TOKEN_KEYS_PROPAGATION_DELAY", "PT3S",
            "OAUTH_TOKEN_KEYS_POLL_INTERVAL", "PT1S",
            "OAUTH_TOKEN_KEYS_JWKS_MAX_AGE", "PT1S"));

    @RegisterExtension
    final TestWatcher printLogsOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            System.out.println("[e2e] " + context.getDisplayName() + " failed; the stack's logs:\n" + stack.logTails(40));
        }
    };

    private GatewayFlows flows;

    @BeforeAll
    void startTheSuiteAndSignIn() {
        stack.startFresh();
        flows = GatewayFlows.start(stack);
    }

    @AfterAll
    void stopWhateverHappened() {
        stack.down();
    }

    /**
     * Both services accept the token for the same subject, or both refuse it: {@code /userinfo}
     * with 401 {@code invalid_token} (RFC 6750 §3.1), {@code /introspect} with exactly
     * {@code {"active":false}} (RFC 7662 §2.2).
     */
    private void assertBothSay(boolean valid, String token, String what) {
        Response userinfo = flows.userinfo(token);
        JsonPath introspection = flows.introspection(token);
        if (valid) {
            assertEquals(200, userinfo.statusCode(), what + ": /userinfo accepts it");
            assertTrue(introspection.getBoolean("active"), what + ": /introspect says active");
            assertEquals(userinfo.jsonPath().getString("sub"), introspection.getString("sub"), what + ": the same subject");
        } else {
            assertEquals(401, userinfo.statusCode(), what + ": /userinfo refuses it");
            assertTrue(userinfo.header("WWW-Authenticate").startsWith("Bearer error=\"invalid_token\""),
                    what + ": invalid_token, not " + userinfo.header("WWW-Authenticate"));
            assertEquals(Map.of("active", false), introspection.getMap("$"), what + ": /introspect says inactive");
        }
    }

    private String userAccessToken() {
        return flows.redeem(flows.code()).accessToken();
    }

    @Test
    @Order(1)
    @DisplayName("RFC 9068 §4: a token just issued is valid at both, for the same subject")
    void whenTheTokenIsValidThenBothAcceptIt() {
        assertBothSay(true, userAccessToken(), "a valid token");
    }

    @Test
    @Order(2)
    @DisplayName("RFC 9068 §4 item 7: an expired token is refused by both")
    void whenTheTokenHasExpiredThenBothRefuseIt() throws Exception {
        GatewayFlows.Client shortLived = flows.registerClient(Map.of("access_token_ttl", 1));
        String verifier = GatewayFlows.newVerifier();
        Response authorized = flows.authorize(shortLived, GatewayFlows.s256(verifier), "S256", "s-" + UUID.randomUUID());
        assertEquals(302, authorized.statusCode(), "authorization response");
        String token = flows.redeemResponse(shortLived, GatewayFlows.codeFrom(authorized), verifier)
                .then().statusCode(200).extract().path("access_token");
        long exp = SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime().toInstant().getEpochSecond();
        while (Instant.now().getEpochSecond() <= exp) {
            Thread.sleep(200);
        }
        assertBothSay(false, token, "an expired token");
    }

    @Test
    @Order(3)
    @DisplayName("RFC 9068 §4 items 2 and 4: a token with another token's signature, or signed by an unknown key for another issuer, is refused by both")
    void whenTheSignatureOrIssuerIsWrongThenBothRefuseIt() throws Exception {
        String genuine = userAccessToken();
        String other = userAccessToken();
        String[] parts = genuine.split("\\.");
        assertBothSay(false, parts[0] + "." + parts[1] + "." + other.split("\\.")[2], "another token's signature");

        SignedJWT parsed = SignedJWT.parse(genuine);
        RSAKey forger = new RSAKeyGenerator(2048).keyID(parsed.getHeader().getKeyID()).generate();
        JWTClaimsSet claims = new JWTClaimsSet.Builder(parsed.getJWTClaimsSet()).issuer("https://attacker.example.com")
                .jwtID(UUID.randomUUID().toString()).build();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("at+jwt"))
                .keyID(forger.getKeyID()).build(), claims);
        forged.sign(new RSASSASigner(forger));
        assertBothSay(false, forged.serialize(), "a token of another issuer signed by an unpublished key");
    }

    @Test
    @Order(4)
    @DisplayName("RFC 7009: a token revoked at /revoke is refused by both")
    void whenTheTokenWasRevokedThenBothRefuseIt() {
        String token = userAccessToken();
        assertBothSay(true, token, "the token before its revocation");
        flows.revoke(token);
        assertBothSay(false, token, "a revoked token");
    }

    @Test
    @Order(5)
    @DisplayName("a token signed by a key created by a rotation is valid at both, without a restart; tokens of the old key stay valid")
    void whenTheKeysAreRotatedThenBothAcceptTokensOfTheNewKey() throws Exception {
        String before = userAccessToken();
        String oldKid = SignedJWT.parse(before).getHeader().getKeyID();
        assertBothSay(true, before, "a token of the key in use");

        List<String> created = given().baseUri(stack.serviceUrl(8082)).header("Authorization", "Bearer " + flows.adminToken())
                .post("/admin/keys/rotate").then().statusCode(200).extract().jsonPath().getList("created", String.class);
        assertFalse(created.isEmpty(), "the rotation created keys");

        String after = userAccessToken();
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (!created.contains(SignedJWT.parse(after).getHeader().getKeyID()) && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            after = userAccessToken();
        }
        String newKid = SignedJWT.parse(after).getHeader().getKeyID();
        assertTrue(created.contains(newKid), "token-service signs with a key of the rotation, not " + newKid);
        assertNotEquals(oldKid, newKid);

        assertBothSay(true, after, "a token of the rotated key");
        assertBothSay(true, before, "a token of the retired key, still published");
    }
}
