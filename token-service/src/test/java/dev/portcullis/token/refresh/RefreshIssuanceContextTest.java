package dev.portcullis.token.refresh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portcullis.contract.TokenShape;
import dev.portcullis.contract.oauth.GrantType;
import dev.portcullis.contract.oauth.Scope;
import dev.portcullis.proto.client.v1.Client;
import dev.portcullis.proto.records.v1.RefreshTokenRecord;
import dev.portcullis.token.issue.AccessTokenClaims;
import dev.portcullis.token.issue.IssuanceContext;
import dev.portcullis.token.issue.RefreshTokenIssuer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The issuance context of a refresh, as plain JUnit: a refresh issues for the grant the family
 * started with, as its token record remembers it ({@link RefreshTokenIssuer#grantRecord}).
 */
class RefreshIssuanceContextTest {
    static final Client WEB_APP = Client.newBuilder().setClientId("webapp")
            .addGrantTypes("authorization_code").addGrantTypes("refresh_token").build();
    static final String FAMILY = TokenShape.newFamilyId();

    /** The context of the grant that started the family, e.g. a code exchange. */
    static IssuanceContext original() {
        return IssuanceContext.forUser(GrantType.AUTHORIZATION_CODE, WEB_APP, "user-1")
                .authentication(1_700_000_000L, "urn:example:acr:mfa", List.of("pwd", "otp"))
                .sessionId("session-1")
                .nonce("n-1")
                .scope(Scope.parse("openid api read"))
                .audience(List.of("https://api.example.com"), List.of("https://api.example.com"))
                .refreshFamilyId(FAMILY)
                .build();
    }

    static IssuanceContext refreshed(Scope scope) {
        RefreshTokenRecord stored = RefreshTokenIssuer.grantRecord(original());
        return RefreshTokenGrant.context(stored, FAMILY, WEB_APP, scope, stored.getResourceList(),
                stored.getResourceList());
    }

    @Nested
    class Rfc6749Section6RefreshingAnAccessToken {
        @Test
        void whenRefreshedThenTheOriginalAuthTimeAcrSessionAndNonceAreKept() {
            IssuanceContext refreshed = refreshed(Scope.parse("api"));
            assertEquals(GrantType.REFRESH_TOKEN, refreshed.grant());
            assertEquals("user-1", refreshed.subject());
            assertEquals(1_700_000_000L, refreshed.authTime());
            assertEquals("urn:example:acr:mfa", refreshed.acr());
            assertEquals("session-1", refreshed.sessionId());
            assertEquals("n-1", refreshed.nonce());
            assertEquals(FAMILY, refreshed.refreshFamilyId());
            assertEquals(List.of("https://api.example.com"), refreshed.resources());
        }

        @Test
        void whenRefreshedThenTheAccessTokenCarriesTheOriginalAuthTimeAndAcrAndTheNarrowedScope() {
            Map<String, Object> at = AccessTokenClaims.of("https://issuer.example", refreshed(Scope.parse("api")),
                    "jti-2", 100, 200);
            assertEquals(1_700_000_000L, at.get("auth_time"));
            assertEquals("urn:example:acr:mfa", at.get("acr"));
            assertEquals("api", at.get("scope"));
            assertEquals("user-1", at.get("sub"));
        }
    }
}
