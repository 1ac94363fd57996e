package dev.portcullis.authorize.authorization.check;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portcullis.authorize.request.AuthorizationParameters;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthException;
import dev.portcullis.proto.client.v1.Client;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each step of the authorization endpoint on its own, named after the section it implements. */
class AuthorizationChecksTest {
    static final String S256_CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    static final Client PUBLIC = Client.newBuilder().setClientId("pub").setTokenEndpointAuthMethod("none")
            .addResponseTypes("code").setScope("openid profile").setEnabled(true).build();
    static final Client CONFIDENTIAL = Client.newBuilder().setClientId("conf").setTokenEndpointAuthMethod("client_secret_basic")
            .addResponseTypes("code").setEnabled(true).build();

    static AuthorizationParameters params(String... pairs) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.computeIfAbsent(pairs[i], k -> new java.util.ArrayList<>()).add(pairs[i + 1]);
        }
        return AuthorizationParameters.of(m);
    }

    static OAuthError error(AuthorizationCheck check, AuthorizationParameters p, Client c) {
        return assertThrows(OAuthException.class, () -> check.check(p, c)).error();
    }

    @Nested
    class Rfc6749_3_1_SingleValuedParameters {
        @Test
        void whenParameterIsRepeatedThenInvalidRequest() {
            assertEquals(OAuthError.INVALID_REQUEST, error(new SingleValuedParameters(), params("scope", "a", "scope", "b"), PUBLIC));
        }

        @Test
        void whenEmptyValueIsRepeatedThenItCountsAsAbsent() {
            assertDoesNotThrow(() -> new SingleValuedParameters().check(params("scope", "a", "scope", ""), PUBLIC));
        }
    }

    @Nested
    class Rfc6749_3_1_1_ResponseType {
        @Test
        void whenMissingThenInvalidRequest() {
            assertEquals(OAuthError.INVALID_REQUEST, error(new ResponseTypeAllowed(true), params(), PUBLIC));
        }

        @Test
        void whenUnknownThenUnsupportedResponseType() {
            assertEquals(OAuthError.UNSUPPORTED_RESPONSE_TYPE, error(new ResponseTypeAllowed(true), params("response_type", "code id_token"), PUBLIC));
        }

        @Test
        void whenTokenIsNotRegisteredThenUnauthorizedClient() {
            assertEquals(OAuthError.UNAUTHORIZED_CLIENT, error(new ResponseTypeAllowed(true), params("response_type", "token"), PUBLIC));
        }

        @Test
        void whenImplicitIsRegisteredButDisabledByOperatorThenUnauthorizedClient() {
            Client implicit = PUBLIC.toBuilder().addResponseTypes("id_token token").build();
            assertEquals(OAuthError.UNAUTHORIZED_CLIENT, error(new ResponseTypeAllowed(false), params("response_type", "token id_token"), implicit));
            assertDoesNotThrow(() -> new ResponseTypeAllowed(true).check(params("response_type", "token id_token"), implicit));
        }
    }

    @Nested
    class Rfc6749_3_3_Scope {
        @Test
        void whenScopeExceedsRegisteredThenInvalidScope() {
            assertEquals(OAuthError.INVALID_SCOPE, error(new ScopeAllowed(), params("scope", "openid email"), PUBLIC));
        }

        @Test
        void whenScopeHasInvalidCharacterThenInvalidScope() {
            assertEquals(OAuthError.INVALID_SCOPE, error(new ScopeAllowed(), params("scope", "openid \"x\""), PUBLIC));
        }

        @Test
        void whenScopeIsOmittedThenTheRegisteredScope() {
            assertEquals("openid profile", ScopeAllowed.effective(params(), PUBLIC).toString());
        }

        @Test
        void whenNeitherRequestedNorRegisteredThenInvalidScope() {
            assertEquals(OAuthError.INVALID_SCOPE, error(new ScopeAllowed(), params(), CONFIDENTIAL));
        }
    }

    @Nested
    class Rfc7636_4_4_1_Pkce {
        @Test
        void whenPublicClientOmitsChallengeThenInvalidRequest() {
            assertEquals(OAuthError.INVALID_REQUEST, error(new PkceChallenge(false), params("response_type", "code"), PUBLIC));
        }

        @Test
        void whenConfidentialClientWithoutRequirePkceOmitsChallengeThenAccepted() {
            assertDoesNotThrow(() -> new PkceChallenge(false).check(params("response_type", "code"), CONFIDENTIAL));
        }

        @Test
        void whenRequiredForAllThenConfidentialClientNeedsIt() {
            assertEquals(OAuthError.INVALID_REQUEST, error(new PkceChallenge(true), params("response_type", "code"), CONFIDENTIAL));
        }

        @Test
        void whenClientRequiresPkceThenChallengeNeeded() {
            Client c = CONFIDENTIAL.toBuilder().setRequirePkce(true).build();
            assertEquals(OAuthError.INVALID_REQUEST, error(new PkceChallenge(false), params("response_type", "code"), c));
        }

        @Test
        void whenMethodIsOmittedThenPlainWhichIsRefusedByDefault() {
            assertEquals(OAuthError.INVALID_REQUEST, error(new PkceChallenge(false),
                    params("response_type", "code", "code_challenge", S256_CHALLENGE), PUBLIC));
        }

        @Test
        void whenPlainIsAllowedForTheClientThenAccepted() {
            Client c = PUBLIC.toBuilder().setAllowPlainPkce(true).build();
            assertDoesNotThrow(() -> new PkceChallenge(false).check(params("response_type", "code",
                    "code_challenge", S256_CHALLENGE, "code_challenge_method", "plain"), c));
        }

        @Test
        void whenS256ChallengeIsWellFormedThenAccepted() {
            assertDoesNotThrow(() -> new PkceChallenge(false).check(params("response_type", "code",
                    "code_challenge", S256_CHALLENGE, "code_challenge_method", "S256"), PUBLIC));
        }

        @Test
        void whenS256ChallengeHasWrongLengthThenInvalidRequest() {
            assertEquals(OAuthError.INVALID_REQUEST, error(new PkceChallenge(false), params("response_type", "code",
                    "code_challenge", S256_CHALLENGE + "A", "code_challenge_method", "S256"), PUBLIC));
        }

        @Test
        void whenMethodIsUnknownThenInvalidRequest() {
            assertEquals(OAuthError.INVALID_REQUEST, error(new PkceChallenge(false), params("response_type", "code",
                    "code_challenge", S256_CHALLENGE, "code_challenge_method", "S512"), PUBLIC));
        }
    }

    @Nested
    class OidcCore_3_1_2_1_Parameters {
        @Test
        void whenPromptNoneIsCombinedThenInvalidRequest() {
            assertEquals(OAuthError.INVALID_REQUEST, error(new OpenIdParameters(), params("prompt", "none consent"), PUBLIC));
        }

        @Test
        void whenPromptIsUnknownThenInvalidRequest() {
            assertEquals(OAuthError.INVALID_REQUEST, error(new OpenIdParameters(), params("prompt", "always"), PUBLIC));
        }

        @Test
        void whenIdTokenWithoutNonceThenInvalidRequest() {
            assertEquals(OAuthError.INVALID_REQUEST, error(new OpenIdParameters(),
                    params("response_type", "id_token token", "scope", "openid"), PUBLIC));
        }

        @Test
        void whenIdTokenWithoutOpenidScopeThenInvalidScope() {
            assertEquals(OAuthError.INVALID_SCOPE, error(new OpenIdParameters(),
                    params("response_type", "id_token token", "scope", "profile", "nonce", "n"), PUBLIC));
        }

        @Test
        void whenRequestObjectIsSentThenInvalidRequest() {
            assertEquals(OAuthError.INVALID_REQUEST, error(new OpenIdParameters(), params("request", "eyJ..."), PUBLIC));
        }

        @Test
        void whenMaxAgeIsNotAnIntegerThenInvalidRequest() {
            assertEquals(OAuthError.INVALID_REQUEST, error(new OpenIdParameters(), params("max_age", "1.5"), PUBLIC));
        }
    }

    @Nested
    class ResponseModes {
        @Test
        void whenTokensWouldGoInTheQueryThenInvalidRequest() {
            assertEquals(OAuthError.INVALID_REQUEST, error(new ResponseModeAllowed(),
                    params("response_type", "token", "response_mode", "query"), PUBLIC));
        }

        @Test
        void whenFormPostThenAccepted() {
            assertDoesNotThrow(() -> new ResponseModeAllowed().check(params("response_type", "code", "response_mode", "form_post"), PUBLIC));
        }
    }
}
