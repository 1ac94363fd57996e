package dev.portcullis.token.authorizationcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.contract.oauth.GrantType;
import dev.portcullis.contract.oauth.Scope;
import dev.portcullis.proto.client.v1.Client;
import dev.portcullis.proto.records.v1.AuthorizationCodeRecord;
import dev.portcullis.proto.records.v1.CodeRedemptionRecord;
import dev.portcullis.token.issue.AccessTokenClaims;
import dev.portcullis.token.issue.IdTokenClaims;
import dev.portcullis.token.issue.IssuanceContext;
import dev.portcullis.token.issue.IssuedAccessToken;
import dev.portcullis.token.issue.RefreshTokenIssuer;
import dev.portcullis.token.issue.ReleasedClaims;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The issuance context of a code exchange, as plain JUnit: what the code record hands to each issuer. */
class CodeIssuanceContextTest {
    static final String ISSUER = "https://issuer.example";
    static final String ACCESS_TOKEN = "eyJhbGciOiJFUzI1NiJ9.e30.sig";
    static final Client WEB_APP = Client.newBuilder().setClientId("webapp")
            .addGrantTypes("authorization_code").addGrantTypes("refresh_token").build();

    static AuthorizationCodeRecord code() {
        return AuthorizationCodeRecord.newBuilder()
                .setClientId("webapp")
                .setSubject("user-1")
                .setScope("openid email api")
                .setNonce("n-0S6_WzA2Mj")
                .setAuthTime(1_700_000_000L)
                .setAcr("urn:example:acr:mfa")
                .addAllAmr(List.of("pwd", "otp"))
                .setSessionId("session-1")
                .addResource("https://api.example.com")
                .setClaimsJson("{\"email\":\"a@example.com\",\"sub\":\"someone-else\",\"nonce\":\"forged\",\"aud\":\"x\"}")
                .build();
    }

    static IssuanceContext context(Client client) {
        AuthorizationCodeRecord code = code();
        return AuthorizationCodeGrant.context(code, client, code.getResourceList(), code.getResourceList());
    }

    static String leftHalfOfSha256(String token) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
    }

    @Nested
    class OidcCore3_1_3_6IdToken {
        @Test
        void whenTheCodeCarriesNonceAuthTimeAcrAmrAndSessionThenTheIdTokenCarriesThemAndTheAtHash() throws Exception {
            IssuanceContext context = context(WEB_APP);
            Map<String, Object> id = IdTokenClaims.of(ISSUER, context, ReleasedClaims.decode(context.claimsJson()),
                    ACCESS_TOKEN, 100, 200);
            assertEquals("user-1", id.get("sub"));
            assertEquals("webapp", id.get("aud"));
            assertEquals("webapp", id.get("azp"));
            assertEquals("n-0S6_WzA2Mj", id.get("nonce"));
            assertEquals(1_700_000_000L, id.get("auth_time"));
            assertEquals("urn:example:acr:mfa", id.get("acr"));
            assertEquals(List.of("pwd", "otp"), id.get("amr"));
            assertEquals("session-1", id.get("sid"));
            assertEquals(leftHalfOfSha256(ACCESS_TOKEN), id.get("at_hash"));
        }

        @Test
        void whenTheReleasedClaimsNameProtocolClaimsThenTheContextWins() {
            IssuanceContext context = context(WEB_APP);
            Map<String, Object> id = IdTokenClaims.of(ISSUER, context, ReleasedClaims.decode(context.claimsJson()),
                    ACCESS_TOKEN, 100, 200);
            assertEquals("a@example.com", id.get("email"));
            assertEquals("user-1", id.get("sub"));
            assertEquals("n-0S6_WzA2Mj", id.get("nonce"));
            assertEquals("webapp", id.get("aud"));
        }
    }

    @Nested
    class Rfc9068Section2_2_1AuthenticationInformation {
        @Test
        void whenTheCodeRecordsTheAuthenticationThenTheAccessTokenCarriesAuthTimeAndAcr() {
            Map<String, Object> at = AccessTokenClaims.of(ISSUER, context(WEB_APP), "jti-1", 100, 200);
            assertEquals(1_700_000_000L, at.get("auth_time"));
            assertEquals("urn:example:acr:mfa", at.get("acr"));
            assertEquals("https://api.example.com", at.get("aud"));
            assertEquals("openid email api", at.get("scope"));
        }
    }

    @Nested
    class Rfc6749Section4_1_2SingleUse {
        @Test
        void whenTheClientMayRefreshThenTheRedemptionNamesTheFamilyTheRefreshTokenStarts() {
            IssuanceContext context = context(WEB_APP);
            IssuedAccessToken access = new IssuedAccessToken(ACCESS_TOKEN, "jti-1", 100, 200, context.scope());
            CodeRedemptionRecord redemption = AuthorizationCodeGrant.redemption(context, access);
            assertEquals(GrantType.AUTHORIZATION_CODE, context.grant());
            assertTrue(context.hasRefreshFamily());
            assertEquals(context.refreshFamilyId(), redemption.getRefreshFamilyId());
            assertEquals(context.refreshFamilyId(), RefreshTokenIssuer.grantRecord(context).getFamilyId());
            assertEquals(List.of("jti-1"), redemption.getAccessTokenJtiList());
            assertEquals(200, redemption.getAccessTokenExp());
        }

        @Test
        void whenTheClientMayNotRefreshThenNoFamilyIsStartedOrRedeemed() {
            Client codeOnly = WEB_APP.toBuilder().clearGrantTypes().addGrantTypes("authorization_code").build();
            IssuanceContext context = context(codeOnly);
            CodeRedemptionRecord redemption = AuthorizationCodeGrant.redemption(context,
                    new IssuedAccessToken(ACCESS_TOKEN, "jti-1", 100, 200, Scope.EMPTY));
            assertFalse(context.hasRefreshFamily());
            assertEquals("", redemption.getRefreshFamilyId());
        }
    }
}
