package dev.portcullis.token.authorizationcode;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthException;
import dev.portcullis.proto.client.v1.Client;
import dev.portcullis.proto.records.v1.AuthorizationCodeRecord;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** RFC 7636 §4.6 and RFC 9700 §2.1.1, as plain rules. */
class PkceTest {
    /** RFC 7636 Appendix B. */
    static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    static final Client CONFIDENTIAL = Client.newBuilder().setClientId("c").setTokenEndpointAuthMethod("client_secret_basic").build();

    static AuthorizationCodeRecord code(String challenge, String method) {
        return AuthorizationCodeRecord.newBuilder().setCodeChallenge(challenge).setCodeChallengeMethod(method).build();
    }

    static void assertInvalidGrant(Runnable r) {
        assertEquals(OAuthError.INVALID_GRANT, assertThrows(OAuthException.class, r::run).error());
    }

    @Nested
    class Rfc7636Section4_6S256 {
        @Test
        void whenVerifierIsTheAppendixBExampleThenItMatches() {
            assertEquals(CHALLENGE, Pkce.s256(VERIFIER));
            assertDoesNotThrow(() -> Pkce.verify(code(CHALLENGE, "S256"), VERIFIER, CONFIDENTIAL, false));
        }

        @Test
        void whenVerifierDoesNotMatchThenInvalidGrant() {
            assertInvalidGrant(() -> Pkce.verify(code(CHALLENGE, "S256"), VERIFIER.replace('d', 'e'), CONFIDENTIAL, false));
        }

        @Test
        void whenVerifierIsTooShortThenInvalidGrant() {
            assertInvalidGrant(() -> Pkce.verify(code(Pkce.s256("short"), "S256"), "short", CONFIDENTIAL, false));
        }
    }

    @Nested
    class Rfc7636Section4_6Plain {
        @Test
        void whenPlainIsAllowedByConfigurationAndClientThenTheVerifierIsTheChallenge() {
            Client client = CONFIDENTIAL.toBuilder().setAllowPlainPkce(true).build();
            assertDoesNotThrow(() -> Pkce.verify(code(VERIFIER, "plain"), VERIFIER, client, true));
        }

        @Test
        void whenTheClientIsNotAllowedPlainThenInvalidGrant() {
            assertInvalidGrant(() -> Pkce.verify(code(VERIFIER, "plain"), VERIFIER, CONFIDENTIAL, true));
        }

        @Test
        void whenConfigurationForbidsPlainThenInvalidGrant() {
            Client client = CONFIDENTIAL.toBuilder().setAllowPlainPkce(true).build();
            assertInvalidGrant(() -> Pkce.verify(code(VERIFIER, "plain"), VERIFIER, client, false));
        }
    }

    @Nested
    class Rfc9700Section2_1_1Downgrade {
        @Test
        void whenAVerifierComesForACodeWithoutChallengeThenInvalidGrant() {
            assertInvalidGrant(() -> Pkce.verify(code("", ""), VERIFIER, CONFIDENTIAL, false));
        }

        @Test
        void whenAPublicClientCodeHasNoChallengeThenInvalidGrant() {
            Client pub = CONFIDENTIAL.toBuilder().setTokenEndpointAuthMethod("none").build();
            assertInvalidGrant(() -> Pkce.verify(code("", ""), null, pub, false));
        }

        @Test
        void whenAConfidentialClientWithoutRequirePkceSendsNeitherThenItPasses() {
            assertDoesNotThrow(() -> Pkce.verify(code("", ""), null, CONFIDENTIAL, false));
        }
    }
}
