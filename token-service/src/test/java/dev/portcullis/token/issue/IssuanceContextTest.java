package dev.portcullis.token.issue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portcullis.contract.oauth.GrantType;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthException;
import dev.portcullis.contract.oauth.Scope;
import dev.portcullis.proto.client.v1.Client;
import dev.portcullis.proto.records.v1.RefreshTokenRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The issuance context itself and the scope rule grants apply before building it, as plain JUnit. */
class IssuanceContextTest {
    static final Client SERVICE = Client.newBuilder().setClientId("service").setScope("api read write")
            .addGrantTypes("client_credentials").addGrantTypes("refresh_token").build();

    @Nested
    class Rfc9068Section2_2ClientCredentials {
        @Test
        void whenTheClientActsForItselfThenSubIsTheClientIdWithoutAuthenticationClaimsOrFamily() {
            IssuanceContext context = IssuanceContext.forClient(SERVICE, Scope.parse("api"), List.of("https://api.example.com"));
            Map<String, Object> at = AccessTokenClaims.of("https://issuer.example", context, "jti-1", 100, 200);
            assertEquals(GrantType.CLIENT_CREDENTIALS, context.grant());
            assertEquals("service", at.get("sub"));
            assertEquals("service", at.get("client_id"));
            assertEquals("https://api.example.com", at.get("aud"));
            assertFalse(at.containsKey("auth_time"));
            assertFalse(at.containsKey("acr"));
            assertFalse(context.hasRefreshFamily());
        }
    }

    @Nested
    class Rfc6749Section6RefreshTokenRecord {
        @Test
        void whenAUserGrantLeavesSessionNonceAndAcrUnsetThenItsRefreshRecordIsStillWritable() {
            IssuanceContext context = IssuanceContext.forUser(GrantType.PASSWORD, SERVICE, "user-1")
                    .scope(Scope.parse("api")).refreshFamilyIfOffered().build();
            RefreshTokenRecord record = RefreshTokenIssuer.grantRecord(context);
            assertEquals("user-1", record.getSubject());
            assertEquals("", record.getNonce());
            assertEquals(context.refreshFamilyId(), record.getFamilyId());
        }
    }

    @Nested
    class Rfc6749Section3_3Scope {
        @Test
        void whenNoScopeIsRequestedThenTheRegisteredScopeIsGranted() {
            assertEquals(Scope.parse("api read write"), ScopePolicy.grantable(SERVICE, Scope.EMPTY));
        }

        @Test
        void whenANarrowerScopeIsRequestedThenItIsGrantedAsRequested() {
            Scope requested = Scope.parse("read api");
            assertSame(requested, ScopePolicy.grantable(SERVICE, requested));
        }

        @Test
        void whenTheRequestedScopeExceedsTheRegisteredOneThenInvalidScope() {
            OAuthException e = assertThrows(OAuthException.class,
                    () -> ScopePolicy.grantable(SERVICE, Scope.parse("api admin")));
            assertEquals(OAuthError.INVALID_SCOPE, e.error());
        }
    }
}
