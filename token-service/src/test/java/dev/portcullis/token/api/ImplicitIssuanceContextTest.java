package dev.portcullis.token.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.portcullis.contract.oauth.GrantType;
import dev.portcullis.contract.oauth.Scope;
import dev.portcullis.proto.client.v1.Client;
import dev.portcullis.proto.token.v1.IssueTokensRequest;
import dev.portcullis.token.issue.IdTokenClaims;
import dev.portcullis.token.issue.IssuanceContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The issuance context of gRPC {@code TokenIssuer} (implicit and hybrid flows), as plain JUnit. */
class ImplicitIssuanceContextTest {
    static final Client SPA = Client.newBuilder().setClientId("spa")
            .addGrantTypes("implicit").addGrantTypes("refresh_token").build();
    static final IssueTokensRequest REQUEST = IssueTokensRequest.newBuilder()
            .setClientId("spa").setSubject("user-1").setScope("openid").setNonce("n-1").setAuthTime(1_700_000_000L)
            .setAcr("urn:example:acr:mfa").setSessionId("session-1").setAccessToken(true).setIdToken(true).build();

    @Nested
    class OidcCore3_2_2_10IdToken {
        @Test
        void whenTheAuthorizationEndpointAsksThenTheIdTokenCarriesItsNonceAuthTimeAcrAndSession() {
            IssuanceContext context = TokenIssuerService.context(REQUEST, SPA, Scope.parse("openid"), List.of());
            Map<String, Object> id = IdTokenClaims.of("https://issuer.example", context, Map.of(), "access", 100, 200);
            assertEquals(GrantType.IMPLICIT, context.grant());
            assertEquals("n-1", id.get("nonce"));
            assertEquals(1_700_000_000L, id.get("auth_time"));
            assertEquals("urn:example:acr:mfa", id.get("acr"));
            assertEquals("session-1", id.get("sid"));
            assertEquals("spa", id.get("azp"));
        }
    }

    @Nested
    class Rfc6749Section4_2_2AccessTokenResponse {
        @Test
        void whenTheClientMayRefreshElsewhereThenTheImplicitGrantStillStartsNoFamily() {
            IssuanceContext context = TokenIssuerService.context(REQUEST, SPA, Scope.parse("openid"), List.of());
            assertFalse(context.hasRefreshFamily());
            assertEquals("", context.claimsJson());
        }
    }
}
