package dev.portcullis.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.restassured.response.Response;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * authorize-service, which accepts a code challenge, and token-service, which checks its
 * verifier, apply the one PKCE rule of {@code rules}' {@code pkce} package, read from the client's
 * registration: what {@code /authorize} binds a code to, {@code /token} redeems, and what
 * {@code /authorize} refuses never becomes a code. Through nginx, on the local stack.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("authorize-service and token-service agree on PKCE, through the gateway")
class PkceThroughTheGatewayTest {
    private final LocalStack stack = LocalStack.fromSystemProperties();

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

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @DisplayName("RFC 7636 §4.2 and §4.6: a client registered with allow_plain_pkce")
    class Rfc7636Section4_6PlainForAClientRegisteredWithAllowPlainPkce {
        private GatewayFlows.Client plainClient;

        @BeforeAll
        void register() {
            plainClient = flows.registerClient(Map.of("allow_plain_pkce", true));
        }

        @Test
        @DisplayName("gets a code for a plain challenge at /authorize and redeems it at /token")
        void whenItsPlainCodeIsRedeemedWithTheVerifierThenTokensAreIssued() {
            String verifier = GatewayFlows.newVerifier();
            Response authorized = flows.authorize(plainClient, verifier, "plain", "s-" + UUID.randomUUID());
            assertEquals(302, authorized.statusCode(), "authorization response");
            String code = GatewayFlows.codeFrom(authorized);

            flows.redeemResponse(plainClient, code, verifier).then().statusCode(200)
                    .body("access_token", notNullValue())
                    .body("token_type", equalTo("Bearer"));
        }

        @Test
        @DisplayName("gets a code when it leaves the method out (plain by default, §4.3) and redeems it")
        void whenTheMethodIsOmittedThenThePlainCodeIsRedeemed() {
            String verifier = GatewayFlows.newVerifier();
            String code = GatewayFlows.codeFrom(flows.authorize(plainClient, verifier, null, "s-" + UUID.randomUUID()));

            flows.redeemResponse(plainClient, code, verifier).then().statusCode(200).body("access_token", notNullValue());
        }

        @Test
        @DisplayName("is refused at /token with invalid_grant when the verifier is not the plain challenge")
        void whenThePlainVerifierDoesNotMatchThenInvalidGrant() {
            String verifier = GatewayFlows.newVerifier();
            String code = GatewayFlows.codeFrom(flows.authorize(plainClient, verifier, "plain", "s-" + UUID.randomUUID()));

            flows.redeemResponse(plainClient, code, GatewayFlows.newVerifier()).then().statusCode(400)
                    .body("error", equalTo("invalid_grant"));
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @DisplayName("RFC 7636 §4.4.1: a client registered without allow_plain_pkce")
    class Rfc7636Section4_4_1PlainRefusedToAClientWithoutAllowPlainPkce {
        private GatewayFlows.Client client;

        @BeforeAll
        void register() {
            client = flows.registerClient(Map.of());
        }

        @Test
        @DisplayName("is sent back from /authorize to its redirect URI with invalid_request and its state, and no code")
        void whenItSendsAPlainChallengeThenInvalidRequestAtItsRedirectUri() {
            String state = "s-" + UUID.randomUUID();
            Response refused = flows.authorize(client, GatewayFlows.newVerifier(), "plain", state);

            assertEquals(302, refused.statusCode(), "RFC 6749 §4.1.2.1: the error goes to the trusted redirect URI");
            Map<String, String> answer = GatewayFlows.redirectParameters(refused);
            assertEquals("invalid_request", answer.get("error"));
            assertEquals(state, answer.get("state"));
            assertNull(answer.get("code"), "no code");
        }

        @Test
        @DisplayName("still gets and redeems a code for an S256 challenge")
        void whenItSendsAnS256ChallengeThenItsCodeIsRedeemed() {
            String verifier = GatewayFlows.newVerifier();
            String code = GatewayFlows.codeFrom(flows.authorize(client, GatewayFlows.s256(verifier), "S256",
                    "s-" + UUID.randomUUID()));

            flows.redeemResponse(client, code, verifier).then().statusCode(200).body("access_token", notNullValue());
        }
    }
}
