package dev.portcullis.contract.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScopeTest {

    @Nested
    class Rfc6749Section3_3ScopeSyntax {
        @Test
        void whenScopeHasSeveralSpacesThenTokensAreSplitAndOrderKept() {
            assertEquals(List.of("openid", "profile", "api:read"),
                    List.copyOf(Scope.parse("openid  profile api:read").tokens()));
        }

        @Test
        void whenScopeRepeatsATokenThenItCountsOnce() {
            assertEquals("a b", Scope.parse("a b a").toString());
        }

        @ParameterizedTest
        @ValueSource(strings = {"a\"b", "a\\b", "caf\u00e9", "a\tb"})
        void whenATokenHasACharacterOutsideNqcharThenInvalidScope(String value) {
            OAuthException e = assertThrows(OAuthException.class, () -> Scope.parse(value));
            assertEquals(OAuthError.INVALID_SCOPE, e.error());
        }

        @Test
        void whenScopeIsAbsentOrBlankThenItIsEmpty() {
            assertTrue(Scope.parse(null).isEmpty());
            assertTrue(Scope.parse("   ").isEmpty());
        }
    }

    @Nested
    class Rfc6749Section6NarrowingOnRefresh {
        @Test
        void whenRequestedIsASubsetThenItIsAllowed() {
            assertTrue(Scope.parse("openid").isSubsetOf(Scope.parse("openid profile")));
        }

        @Test
        void whenRequestedWidensThenItIsNotASubset() {
            assertFalse(Scope.parse("openid admin").isSubsetOf(Scope.parse("openid profile")));
        }

        @Test
        void intersectionKeepsTheRequestOrder() {
            assertEquals("profile openid",
                    Scope.parse("profile admin openid").intersect(Scope.parse("openid profile")).toString());
        }
    }
}
