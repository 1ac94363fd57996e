package dev.portcullis.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.contract.oauth.ClientAuthMethod;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthException;
import dev.portcullis.contract.oauth.TokenTypes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ClientCredentialsTest {

    private static String basic(String raw) {
        return "Basic " + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, List<String>> form(String... kv) {
        Map<String, List<String>> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.computeIfAbsent(kv[i], k -> new java.util.ArrayList<>()).add(kv[i + 1]);
        }
        return m;
    }

    @Nested
    class Rfc6749Section2_3_1ClientPassword {
        @Test
        void whenBasicIsUsedThenIdAndSecretAreFormUrlDecoded() {
            ClientCredentials c = ClientCredentials.from(basic("my%3Aclient:p%40ss+word%25"), form());
            assertEquals("my:client", c.clientId());
            assertEquals("p@ss word%", c.secret());
            assertEquals(ClientAuthMethod.CLIENT_SECRET_BASIC, c.method());
        }

        @Test
        void whenSecretIsInTheBodyThenClientSecretPost() {
            ClientCredentials c = ClientCredentials.from(null, form("client_id", "a", "client_secret", "s"));
            assertEquals(ClientAuthMethod.CLIENT_SECRET_POST, c.method());
        }

        @Test
        void whenOnlyClientIdIsSentThenPublicClient() {
            assertEquals(ClientAuthMethod.NONE, ClientCredentials.from(null, form("client_id", "a")).method());
        }

        @Test
        void whenTwoMethodsAreUsedThenInvalidRequest() {
            OAuthException e = assertThrows(OAuthException.class,
                    () -> ClientCredentials.from(basic("a:s"), form("client_secret", "s")));
            assertEquals(OAuthError.INVALID_REQUEST, e.error());
        }

        @Test
        void whenBasicIsMalformedThenInvalidClient() {
            OAuthException e = assertThrows(OAuthException.class,
                    () -> ClientCredentials.from("Basic !!!", form()));
            assertEquals(OAuthError.INVALID_CLIENT, e.error());
        }

        @Test
        void whenNoClientIsIdentifiedThenInvalidClient() {
            assertEquals(OAuthError.INVALID_CLIENT,
                    assertThrows(OAuthException.class, () -> ClientCredentials.from(null, form())).error());
        }

        @Test
        void whenAParameterIsRepeatedThenInvalidRequest() {
            assertEquals(OAuthError.INVALID_REQUEST, assertThrows(OAuthException.class,
                    () -> ClientCredentials.from(null, form("client_id", "a", "client_id", "b"))).error());
        }

        @Test
        void whenBodyClientIdDiffersFromBasicThenInvalidRequest() {
            assertEquals(OAuthError.INVALID_REQUEST, assertThrows(OAuthException.class,
                    () -> ClientCredentials.from(basic("a:s"), form("client_id", "b"))).error());
        }

        @Test
        void theSecretNeverAppearsInToString() {
            assertFalse(ClientCredentials.from(basic("a:topsecret"), form()).toString().contains("topsecret"));
        }
    }

    @Nested
    class Rfc7523Section2_2ClientAssertion {
        private final String assertion = "eyJhbGciOiJSUzI1NiJ9."
                + Base64.getUrlEncoder().withoutPadding().encodeToString("{\"iss\":\"jwt-client\"}".getBytes())
                + ".sig";

        @Test
        void whenAssertionIsSentWithoutClientIdThenTheIssuerNamesTheClient() {
            ClientCredentials c = ClientCredentials.from(null, form(
                    "client_assertion_type", TokenTypes.CLIENT_ASSERTION_TYPE_JWT_BEARER,
                    "client_assertion", assertion));
            assertEquals("jwt-client", c.clientId());
            assertEquals(ClientAuthMethod.PRIVATE_KEY_JWT, c.method());
        }

        @Test
        void whenAssertionTypeIsUnknownThenInvalidClient() {
            assertEquals(OAuthError.INVALID_CLIENT, assertThrows(OAuthException.class,
                    () -> ClientCredentials.from(null, form("client_assertion_type", "urn:other",
                            "client_assertion", assertion))).error());
        }

        @Test
        void whenAssertionIsNotAJwtThenInvalidClient() {
            assertEquals(OAuthError.INVALID_CLIENT, assertThrows(OAuthException.class,
                    () -> ClientCredentials.from(null, form("client_assertion_type",
                            TokenTypes.CLIENT_ASSERTION_TYPE_JWT_BEARER, "client_assertion", "garbage"))).error());
        }
    }
}
