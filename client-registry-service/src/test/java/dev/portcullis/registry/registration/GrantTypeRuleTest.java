package dev.portcullis.registry.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthException;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** grant_types and response_types: defaults (RFC 7591 §2) and consistency (RFC 7591 §2.1). */
class GrantTypeRuleTest {

    private static GrantTypeRule.Resolved resolve(List<String> grants, List<String> responses) {
        return GrantTypeRule.resolve(grants == null ? List.of() : grants, grants != null,
                responses == null ? List.of() : responses, responses != null);
    }

    private static void assertInvalid(List<String> grants, List<String> responses) {
        OAuthException e = assertThrows(OAuthException.class, () -> resolve(grants, responses));
        assertEquals(OAuthError.INVALID_CLIENT_METADATA, e.error());
    }

    @Nested
    class Rfc7591Section2Defaults {
        @Test
        void whenBothAreOmittedThenAuthorizationCodeAndCode() {
            var r = resolve(null, null);
            assertEquals(List.of("authorization_code"), r.grantTypes());
            assertEquals(List.of("code"), r.responseTypes());
        }

        @Test
        void whenOnlyClientCredentialsThenNoResponseTypes() {
            assertEquals(List.of(), resolve(List.of("client_credentials"), null).responseTypes());
        }

        @Test
        void whenOnlyResponseTypesThenTheGrantsTheyNeed() {
            assertEquals(List.of("authorization_code", "implicit"), resolve(null, List.of("code id_token")).grantTypes());
        }

        @Test
        void whenGrantsRepeatThenTheyAreStoredOnce() {
            assertEquals(List.of("client_credentials"),
                    resolve(List.of("client_credentials", "client_credentials"), null).grantTypes());
        }
    }

    @Nested
    class Rfc7591Section2_1Consistency {
        @Test
        void whenCodeResponseWithoutAuthorizationCodeGrantThenInvalid() {
            assertInvalid(List.of("client_credentials"), List.of("code"));
        }

        @Test
        void whenAuthorizationCodeGrantWithoutCodeResponseThenInvalid() {
            assertInvalid(List.of("authorization_code"), List.of("token"));
        }

        @Test
        void whenTokenResponseWithoutImplicitThenInvalid() {
            assertInvalid(List.of("authorization_code"), List.of("code", "token"));
        }

        @Test
        void whenHybridHasBothGrantsThenAccepted() {
            var r = resolve(List.of("authorization_code", "implicit", "refresh_token"), List.of("code id_token"));
            assertEquals(List.of("code id_token"), r.responseTypes());
        }

        @Test
        void whenGrantTypeIsUnknownThenInvalid() {
            assertInvalid(List.of("urn:example:magic"), null);
        }

        @Test
        void whenResponseTypeIsUnknownOrMalformedThenInvalid() {
            assertInvalid(null, List.of("code banana"));
            assertInvalid(null, List.of("code code"));
            assertInvalid(null, List.of("code  token"));
        }

        @Test
        void whenGrantTypesIsEmptyThenInvalid() {
            assertInvalid(List.of(), null);
        }
    }
}
