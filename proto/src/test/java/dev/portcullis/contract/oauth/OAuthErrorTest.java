package dev.portcullis.contract.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The error model: every value's wire code and status, and how each transport renders it. */
class OAuthErrorTest {

    /** RFC 6749 §5.2, §4.1.2.1, RFC 6750 §3.1, RFC 7009 §2.2.1, RFC 7591 §3.2.2, RFC 8628 §3.5. */
    private static final Map<OAuthError, Integer> EXPECTED_STATUS = Map.ofEntries(
            Map.entry(OAuthError.INVALID_REQUEST, 400),
            Map.entry(OAuthError.INVALID_CLIENT, 401),
            Map.entry(OAuthError.INVALID_GRANT, 400),
            Map.entry(OAuthError.UNAUTHORIZED_CLIENT, 400),
            Map.entry(OAuthError.UNSUPPORTED_GRANT_TYPE, 400),
            Map.entry(OAuthError.INVALID_SCOPE, 400),
            Map.entry(OAuthError.ACCESS_DENIED, 403),
            Map.entry(OAuthError.UNSUPPORTED_RESPONSE_TYPE, 400),
            Map.entry(OAuthError.SERVER_ERROR, 500),
            Map.entry(OAuthError.TEMPORARILY_UNAVAILABLE, 503),
            Map.entry(OAuthError.INVALID_TARGET, 400),
            Map.entry(OAuthError.INVALID_TOKEN, 401),
            Map.entry(OAuthError.INSUFFICIENT_SCOPE, 403),
            Map.entry(OAuthError.UNSUPPORTED_TOKEN_TYPE, 400),
            Map.entry(OAuthError.INVALID_REDIRECT_URI, 400),
            Map.entry(OAuthError.INVALID_CLIENT_METADATA, 400),
            Map.entry(OAuthError.LOGIN_REQUIRED, 400),
            Map.entry(OAuthError.CONSENT_REQUIRED, 400),
            Map.entry(OAuthError.CONFLICT, 409),
            Map.entry(OAuthError.TOO_MANY_REQUESTS, 429));

    @ParameterizedTest
    @EnumSource(OAuthError.class)
    void everyErrorHasItsDocumentedStatus(OAuthError error) {
        assertEquals(EXPECTED_STATUS.get(error), error.httpStatus(), error.code());
    }

    @ParameterizedTest
    @EnumSource(OAuthError.class)
    void everyCodeRoundTripsThroughItsWireForm(OAuthError error) {
        assertEquals(error, OAuthError.fromCode(error.code()));
        assertTrue(error.code().matches("[a-z_]+"), "RFC 6749 §5.2 error codes are lower-case ASCII");
    }

    @Test
    void codesAreUnique() {
        Set<String> codes = new HashSet<>();
        for (OAuthError e : OAuthError.values()) {
            assertTrue(codes.add(e.code()), e.code());
        }
    }

    @Test
    void anUnknownWireCodeIsAServerError() {
        assertEquals(OAuthError.SERVER_ERROR, OAuthError.fromCode("no_such_error"));
    }

    @Nested
    class Rfc6749Section5_2JsonResponse {
        @ParameterizedTest
        @EnumSource(OAuthError.class)
        void whenAnyErrorIsMappedThenStatusBodyAndNoStoreFollowTheRfc(OAuthError error) {
            Response r = OAuthExceptionMapper.toResponse(error.exception("why"), null);
            assertEquals(error.httpStatus(), r.getStatus());
            assertEquals("no-store", r.getHeaderString(HttpHeaders.CACHE_CONTROL));
            assertEquals("no-cache", r.getHeaderString("Pragma"));
            OAuthErrorBody body = (OAuthErrorBody) r.getEntity();
            assertEquals(error.code(), body.error());
            assertEquals("why", body.errorDescription());
        }

        @ParameterizedTest
        @EnumSource(OAuthError.class)
        void whenAnyErrorIs401ThenItCarriesAChallenge(OAuthError error) {
            Response r = OAuthExceptionMapper.toResponse(error.exception("why"), null);
            String challenge = r.getHeaderString(HttpHeaders.WWW_AUTHENTICATE);
            if (error.httpStatus() == 401) {
                assertNotNull(challenge, "RFC 9110 §15.5.2: " + error);
            } else if (error != OAuthError.INSUFFICIENT_SCOPE) {
                assertNull(challenge, error.code());
            }
        }

        @Test
        void whenClientAuthenticationFailsWhateverTheMethodThen401WithBasicChallenge() {
            // client_secret_basic, client_secret_post, private_key_jwt and none all fail the same way.
            Response r = OAuthExceptionMapper.toResponse(OAuthError.INVALID_CLIENT.exception("bad"), null);
            assertEquals(401, r.getStatus());
            assertEquals("Basic realm=\"oauth\"", r.getHeaderString(HttpHeaders.WWW_AUTHENTICATE));
        }

        @Test
        void whenARateLimitIsReachedThen429WithRetryAfterInWholeSecondsRoundedUp() {
            Response r = OAuthExceptionMapper.toResponse(OAuthError.TOO_MANY_REQUESTS.exception("slow down")
                    .withRetryAfter(java.time.Duration.ofMillis(2_001)), null);
            assertEquals(429, r.getStatus());
            assertEquals("3", r.getHeaderString(HttpHeaders.RETRY_AFTER));
            assertEquals("too_many_requests", ((OAuthErrorBody) r.getEntity()).error());
        }

        @Test
        void whenNoRetryIsSaidThenNoRetryAfter() {
            assertNull(OAuthExceptionMapper.toResponse(OAuthError.INVALID_GRANT.exception("x"), null)
                    .getHeaderString(HttpHeaders.RETRY_AFTER));
        }

        @Test
        void whenLogDetailIsSetThenItIsNeverInTheBody() {
            Response r = OAuthExceptionMapper.toResponse(
                    OAuthError.INVALID_GRANT.exception("Code is invalid").withLogDetail("secret-detail"), null);
            OAuthErrorBody body = (OAuthErrorBody) r.getEntity();
            assertFalse(body.toString().contains("secret-detail"));
        }
    }

    @Nested
    class Rfc6750Section3BearerChallenge {
        @Test
        void whenTokenIsInvalidThenBearerChallengeCarriesTheError() {
            Response r = OAuthExceptionMapper.toResponse(OAuthError.INVALID_TOKEN.exception("expired"), null);
            assertEquals(401, r.getStatus());
            assertEquals("Bearer error=\"invalid_token\", error_description=\"expired\"",
                    r.getHeaderString(HttpHeaders.WWW_AUTHENTICATE));
        }

        @Test
        void whenTheScopeIsInsufficientThen403WithBearerChallenge() {
            Response r = OAuthExceptionMapper.toResponse(OAuthError.INSUFFICIENT_SCOPE.exception("needs openid"), null);
            assertEquals(403, r.getStatus());
            assertEquals("Bearer error=\"insufficient_scope\", error_description=\"needs openid\"",
                    r.getHeaderString(HttpHeaders.WWW_AUTHENTICATE));
        }

        @Test
        void whenTheDescriptionHasQuotesOrControlsThenTheChallengeStaysOneQuotedString() {
            Response r = OAuthExceptionMapper.toResponse(
                    OAuthError.INVALID_TOKEN.exception("a \"b\" \\ c\nd é"), null);
            assertEquals("Bearer error=\"invalid_token\", error_description=\"a 'b' ' c d  \"",
                    r.getHeaderString(HttpHeaders.WWW_AUTHENTICATE));
        }
    }

    @Nested
    class GrpcMapping {
        @ParameterizedTest
        @EnumSource(OAuthError.class)
        void whenAnyErrorCrossesGrpcThenTheCodeSurvivesInTrailers(OAuthError error) {
            var status = GrpcOAuthStatus.toStatus(error.exception("why"));
            assertEquals(error, GrpcOAuthStatus.errorOf(status));
        }

        @Test
        void whenClientAuthenticationFailsThenUnauthenticated() {
            assertEquals(Status.Code.UNAUTHENTICATED,
                    GrpcOAuthStatus.toStatus(OAuthError.INVALID_CLIENT.exception("x")).getStatus().getCode());
        }

        @Test
        void whenAFailureHasNoTrailerThenServerError() {
            assertEquals(OAuthError.SERVER_ERROR, GrpcOAuthStatus.errorOf(Status.INTERNAL.asRuntimeException()));
        }
    }
}
