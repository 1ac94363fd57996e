package dev.portcullis.token.password;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.contract.oauth.Scope;
import dev.portcullis.proto.client.v1.Client;
import dev.portcullis.proto.user.v1.AuthenticateUserResponse;
import dev.portcullis.token.issue.IdTokenClaims;
import dev.portcullis.token.issue.IssuanceContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The issuance context of the password grant, as plain JUnit. */
class PasswordIssuanceContextTest {
    static final Client LEGACY = Client.newBuilder().setClientId("legacy").addGrantTypes("password").build();
    static final AuthenticateUserResponse CHECKED = AuthenticateUserResponse.newBuilder()
            .setAuthenticated(true).setSubject("user-1").setAuthTime(1_700_000_000L).build();

    @Nested
    class Rfc6749Section4_3ResourceOwnerPasswordCredentials {
        @Test
        void whenUserDirectoryCheckedThePasswordThenTheIdTokenSaysPwdAtItsAuthTimeWithoutNonceOrSession() {
            IssuanceContext context = PasswordGrant.context(CHECKED, LEGACY, Scope.parse("openid"), List.of("aud"), List.of());
            Map<String, Object> id = IdTokenClaims.of("https://issuer.example", context, Map.of(), null, 100, 200);
            assertEquals("user-1", id.get("sub"));
            assertEquals(1_700_000_000L, id.get("auth_time"));
            assertEquals(List.of("pwd"), id.get("amr"));
            assertFalse(id.containsKey("nonce"));
            assertFalse(id.containsKey("sid"));
            assertFalse(id.containsKey("acr"));
            assertFalse(id.containsKey("at_hash"));
        }

        @Test
        void whenTheClientIsRegisteredForRefreshThenAFamilyIsStarted() {
            assertFalse(PasswordGrant.context(CHECKED, LEGACY, Scope.EMPTY, List.of(), List.of()).hasRefreshFamily());
            Client refreshing = LEGACY.toBuilder().addGrantTypes("refresh_token").build();
            assertTrue(PasswordGrant.context(CHECKED, refreshing, Scope.EMPTY, List.of(), List.of()).hasRefreshFamily());
        }
    }
}
