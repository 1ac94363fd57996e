package dev.portcullis.rules.pkce;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthException;
import dev.portcullis.proto.client.v1.Client;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The one PKCE rule both endpoints apply: what the authorization endpoint accepts
 * ({@link CodeChallenge}) the token endpoint redeems ({@link CodeVerifier}), for the same client.
 */
class PkceTest {
    /** RFC 7636 Appendix B. */
    static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    static final Client CONFIDENTIAL = Client.newBuilder().setClientId("c")
            .setTokenEndpointAuthMethod("client_secret_basic").build();
    static final Client PUBLIC = CONFIDENTIAL.toBuilder().setTokenEndpointAuthMethod("none").build();
    static final Client PLAIN_ALLOWED = CONFIDENTIAL.toBuilder().setAllowPlainPkce(true).build();

    static OAuthError error(Executable e) {
        return assertThrows(OAuthException.class, e).error();
    }

    @Nested
    class Rfc7636Section4_1CodeVerifier {
        @Test
        void whenTheVerifierHas43To128UnreservedCharactersThenItIsWellFormed() {
            assertTrue(CodeVerifier.wellFormed(VERIFIER));
            assertTrue(CodeVerifier.wellFormed("a".repeat(43)));
            assertTrue(CodeVerifier.wellFormed("-._~09AZaz".repeat(12) + "abcdefgh"));
        }

        @Test
        void whenTheVerifierIsTooShortTooLongOrHasOtherCharactersThenItIsMalformed() {
            assertFalse(CodeVerifier.wellFormed("a".repeat(42)));
            assertFalse(CodeVerifier.wellFormed("a".repeat(129)));
            assertFalse(CodeVerifier.wellFormed("a".repeat(42) + "+"));
            assertFalse(CodeVerifier.wellFormed("a".repeat(42) + "="));
            assertFalse(CodeVerifier.wellFormed(null));
        }

        @Test
        void whenTheVerifierIsMalformedThenInvalidGrant() {
            String shortOne = "short";
            assertEquals(OAuthError.INVALID_GRANT, error(() -> CodeVerifier.verify(CONFIDENTIAL,
                    CodeChallengeMethod.S256.challengeOf(shortOne), "S256", shortOne)));
        }
    }

    @Nested
    class Rfc7636Section4_2CodeChallenge {
        @Test
        void whenTheVerifierIsTheAppendixBExampleThenS256DerivesItsChallenge() {
            assertEquals(CHALLENGE, CodeChallengeMethod.S256.challengeOf(VERIFIER));
        }

        @Test
        void whenTheMethodIsPlainThenTheChallengeIsTheVerifier() {
            assertEquals(VERIFIER, CodeChallengeMethod.PLAIN.challengeOf(VERIFIER));
        }

        @Test
        void whenAnS256ChallengeIsNot43Base64UrlCharactersThenInvalidRequest() {
            assertEquals(OAuthError.INVALID_REQUEST, error(() -> CodeChallenge.accept(CONFIDENTIAL, CHALLENGE + "A", "S256")));
            assertEquals(OAuthError.INVALID_REQUEST, error(() -> CodeChallenge.accept(CONFIDENTIAL, CHALLENGE.substring(1) + "=", "S256")));
            assertEquals(OAuthError.INVALID_REQUEST, error(() -> CodeChallenge.accept(CONFIDENTIAL, CHALLENGE.substring(1) + ".", "S256")));
        }

        @Test
        void whenAPlainChallengeIsNotAVerifierThenInvalidRequest() {
            assertEquals(OAuthError.INVALID_REQUEST, error(() -> CodeChallenge.accept(PLAIN_ALLOWED, "too-short", "plain")));
        }
    }

    @Nested
    class Rfc7636Section4_3MethodDefaultsToPlain {
        @Test
        void whenTheMethodIsOmittedThenItIsPlain() {
            assertEquals(Optional.of(CodeChallengeMethod.PLAIN), CodeChallengeMethod.fromParameter(null));
            assertEquals(CodeChallengeMethod.PLAIN, CodeChallenge.accept(PLAIN_ALLOWED, VERIFIER, null).method());
        }

        @Test
        void whenTheMethodIsOmittedByAClientWithoutPlainThenInvalidRequest() {
            assertEquals(OAuthError.INVALID_REQUEST, error(() -> CodeChallenge.accept(CONFIDENTIAL, CHALLENGE, null)));
        }

        @Test
        void whenTheMethodNameHasAnotherCaseThenItIsUnknown() {
            assertEquals(Optional.empty(), CodeChallengeMethod.fromParameter("s256"));
            assertEquals(Optional.empty(), CodeChallengeMethod.fromParameter("PLAIN"));
        }
    }

    @Nested
    class Rfc7636Section4_4_1MethodsTheClientMayUse {
        @Test
        void whenAnyClientSendsS256ThenAccepted() {
            assertEquals(new CodeChallenge(CHALLENGE, CodeChallengeMethod.S256), CodeChallenge.accept(CONFIDENTIAL, CHALLENGE, "S256"));
            assertEquals(CodeChallengeMethod.S256, CodeChallenge.accept(PUBLIC, CHALLENGE, "S256").method());
        }

        @Test
        void whenAClientRegisteredWithAllowPlainPkceSendsPlainThenAccepted() {
            assertEquals(new CodeChallenge(VERIFIER, CodeChallengeMethod.PLAIN), CodeChallenge.accept(PLAIN_ALLOWED, VERIFIER, "plain"));
        }

        @Test
        void whenAClientWithoutAllowPlainPkceSendsPlainThenInvalidRequest() {
            assertEquals(OAuthError.INVALID_REQUEST, error(() -> CodeChallenge.accept(CONFIDENTIAL, VERIFIER, "plain")));
            assertEquals(OAuthError.INVALID_REQUEST, error(() -> CodeChallenge.accept(PUBLIC, VERIFIER, "plain")));
        }

        @Test
        void whenTheMethodIsUnknownThenInvalidRequest() {
            assertEquals(OAuthError.INVALID_REQUEST, error(() -> CodeChallenge.accept(PLAIN_ALLOWED, CHALLENGE, "S512")));
        }

        @Test
        void whenThePolicyIsAskedThenS256IsAlwaysAllowedAndPlainOnlyByRegistration() {
            assertTrue(PkcePolicy.allows(CONFIDENTIAL, CodeChallengeMethod.S256));
            assertFalse(PkcePolicy.allows(CONFIDENTIAL, CodeChallengeMethod.PLAIN));
            assertTrue(PkcePolicy.allows(PLAIN_ALLOWED, CodeChallengeMethod.PLAIN));
        }
    }

    @Nested
    class Rfc7636Section4_6ServerVerifies {
        @Test
        void whenTheS256VerifierMatchesThenItPasses() {
            assertDoesNotThrow(() -> CodeVerifier.verify(CONFIDENTIAL, CHALLENGE, "S256", VERIFIER));
        }

        @Test
        void whenTheS256VerifierDoesNotMatchThenInvalidGrant() {
            assertEquals(OAuthError.INVALID_GRANT, error(() -> CodeVerifier.verify(CONFIDENTIAL, CHALLENGE, "S256",
                    VERIFIER.replace('d', 'e'))));
        }

        @Test
        void whenTheVerifierIsMissingThenInvalidGrant() {
            assertEquals(OAuthError.INVALID_GRANT, error(() -> CodeVerifier.verify(CONFIDENTIAL, CHALLENGE, "S256", null)));
        }

        @Test
        void whenAPlainChallengeIsRedeemedByAClientWithAllowPlainPkceThenTheVerifierIsTheChallenge() {
            assertDoesNotThrow(() -> CodeVerifier.verify(PLAIN_ALLOWED, VERIFIER, "plain", VERIFIER));
        }

        @Test
        void whenAPlainVerifierDoesNotMatchThenInvalidGrant() {
            assertEquals(OAuthError.INVALID_GRANT, error(() -> CodeVerifier.verify(PLAIN_ALLOWED, VERIFIER, "plain",
                    VERIFIER.substring(1) + "x")));
        }

        @Test
        void whenTheStoredMethodIsEmptyThenItIsPlain() {
            assertDoesNotThrow(() -> CodeVerifier.verify(PLAIN_ALLOWED, VERIFIER, "", VERIFIER));
        }

        @Test
        void whenTheClientNoLongerMayUsePlainThenInvalidGrant() {
            assertEquals(OAuthError.INVALID_GRANT, error(() -> CodeVerifier.verify(CONFIDENTIAL, VERIFIER, "plain", VERIFIER)));
        }

        @Test
        void whenEveryChallengeTheAuthorizationEndpointAcceptsIsRedeemedWithItsVerifierThenBothAgree() {
            for (Client client : new Client[] {CONFIDENTIAL, PUBLIC, PLAIN_ALLOWED}) {
                for (CodeChallengeMethod method : CodeChallengeMethod.values()) {
                    String challenge = method.challengeOf(VERIFIER);
                    if (PkcePolicy.allows(client, method)) {
                        CodeChallenge accepted = CodeChallenge.accept(client, challenge, method.parameterValue());
                        assertDoesNotThrow(() -> CodeVerifier.verify(client, accepted.value(),
                                accepted.method().parameterValue(), VERIFIER));
                    } else {
                        assertEquals(OAuthError.INVALID_REQUEST,
                                error(() -> CodeChallenge.accept(client, challenge, method.parameterValue())));
                    }
                }
            }
        }
    }

    @Nested
    class Rfc9700Section2_1_1Downgrade {
        @Test
        void whenAVerifierComesForACodeWithoutChallengeThenInvalidGrant() {
            assertEquals(OAuthError.INVALID_GRANT, error(() -> CodeVerifier.verify(CONFIDENTIAL, "", "", VERIFIER)));
        }

        @Test
        void whenAPublicClientsCodeHasNoChallengeThenInvalidGrant() {
            assertTrue(PkcePolicy.required(PUBLIC));
            assertEquals(OAuthError.INVALID_GRANT, error(() -> CodeVerifier.verify(PUBLIC, "", "", null)));
        }

        @Test
        void whenARequirePkceClientsCodeHasNoChallengeThenInvalidGrant() {
            Client client = CONFIDENTIAL.toBuilder().setRequirePkce(true).build();
            assertTrue(PkcePolicy.required(client));
            assertEquals(OAuthError.INVALID_GRANT, error(() -> CodeVerifier.verify(client, "", "", null)));
        }

        @Test
        void whenAConfidentialClientWithoutRequirePkceSendsNeitherThenItPasses() {
            assertFalse(PkcePolicy.required(CONFIDENTIAL));
            assertDoesNotThrow(() -> CodeVerifier.verify(CONFIDENTIAL, "", "", null));
        }
    }
}
