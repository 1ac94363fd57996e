package dev.portcullis.registry.registration;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthException;
import dev.portcullis.registry.model.ApplicationType;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which redirect URIs may be registered (RFC 6749 §3.1.2, RFC 8252 §7, RFC 9700 §2.1). */
class RedirectUriRuleTest {
    private final RedirectUriRule devRule = new RedirectUriRule(true);
    private final RedirectUriRule strictRule = new RedirectUriRule(false);

    private static void assertRefused(Runnable check) {
        OAuthException e = assertThrows(OAuthException.class, check::run);
        assertEquals(OAuthError.INVALID_REDIRECT_URI, e.error());
    }

    /** RFC 6749 §3.1.2: absolute URI, no fragment. */
    @Nested
    class Rfc6749Section3_1_2 {
        @ParameterizedTest
        @ValueSource(strings = {"/relative/cb", "cb", "//host/cb", "https://app.example.com/cb#x",
                "https://app.example.com/cb#", "https://exa mple.com/cb", "https:///cb", ""})
        void whenUriIsNotAbsoluteOrHasAFragmentThenInvalidRedirectUri(String uri) {
            assertRefused(() -> devRule.check(uri, ApplicationType.WEB, "redirect_uris"));
            assertRefused(() -> devRule.check(uri, ApplicationType.NATIVE, "redirect_uris"));
        }

        @Test
        void whenHttpsWithQueryThenAccepted() {
            assertDoesNotThrow(() -> strictRule.check("https://app.example.com/cb?tenant=1", ApplicationType.WEB, "r"));
        }

        @Test
        void whenUriCarriesUserInformationThenInvalidRedirectUri() {
            assertRefused(() -> devRule.check("https://user@app.example.com/cb", ApplicationType.WEB, "r"));
        }
    }

    /** RFC 9700 §2.1 / RFC 6749 §3.1.2.1: TLS except on loopback. */
    @Nested
    class HttpOnlyOnLoopback {
        @ParameterizedTest
        @ValueSource(strings = {"http://app.example.com/cb", "http://10.0.0.1/cb", "http://127.0.0.2/cb",
                "http://localhost.evil.example/cb"})
        void whenHttpIsNotLoopbackThenRefusedForEveryone(String uri) {
            assertRefused(() -> devRule.check(uri, ApplicationType.WEB, "r"));
            assertRefused(() -> devRule.check(uri, ApplicationType.NATIVE, "r"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"http://127.0.0.1/cb", "http://127.0.0.1:51004/cb", "http://[::1]:8080/cb",
                "http://localhost:3000/cb"})
        void whenHttpLoopbackThenWebAppsAreAcceptedInLocalDevelopment(String uri) {
            assertDoesNotThrow(() -> devRule.check(uri, ApplicationType.WEB, "r"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"http://127.0.0.1/cb", "http://[::1]:8080/cb", "http://localhost:3000/cb"})
        void whenLocalDevelopmentIsOffThenHttpLoopbackIsRefusedForWebApps(String uri) {
            assertRefused(() -> strictRule.check(uri, ApplicationType.WEB, "r"));
        }
    }

    /** RFC 8252 §7: native apps. */
    @Nested
    class Rfc8252Section7NativeApps {
        @ParameterizedTest
        @ValueSource(strings = {"http://127.0.0.1:49152/cb", "http://[::1]/cb", "http://localhost:1234/cb"})
        void whenNativeAppUsesLoopbackOnAnyPortThenAcceptedEvenWithoutLocalDevelopment(String uri) {
            assertDoesNotThrow(() -> strictRule.check(uri, ApplicationType.NATIVE, "r"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"com.example.app:/oauth2redirect", "com.example.app:/cb", "io.github.me.app://cb"})
        void whenNativeAppUsesAReverseDomainPrivateSchemeThenAccepted(String uri) {
            assertDoesNotThrow(() -> strictRule.check(uri, ApplicationType.NATIVE, "r"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"myapp:/cb", "javascript:alert(1)", "data:text/html,x", "file:///etc/passwd"})
        void whenPrivateSchemeIsNotReverseDomainThenRefused(String uri) {
            assertRefused(() -> devRule.check(uri, ApplicationType.NATIVE, "r"));
        }

        @Test
        void whenWebAppUsesAPrivateSchemeThenRefused() {
            assertRefused(() -> devRule.check("com.example.app:/cb", ApplicationType.WEB, "r"));
        }
    }
}
