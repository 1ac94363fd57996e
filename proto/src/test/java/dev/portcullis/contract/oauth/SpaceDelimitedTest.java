package dev.portcullis.contract.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SpaceDelimitedTest {

    @Nested
    class Rfc6749Section3_1_1ResponseType {
        @Test
        void whenValuesComeInAnyOrderThenTheSetIsTheSame() {
            assertEquals(SpaceDelimited.values("id_token token"), SpaceDelimited.values("token id_token"));
        }

        @Test
        void whenValuesAreSeparatedByRunsOfSpacesThenEachIsOneValue() {
            assertEquals(List.of("code", "id_token"), List.copyOf(SpaceDelimited.values("  code   id_token ")));
        }

        @Test
        void whenAValueIsRepeatedThenItCountsOnce() {
            assertEquals(Set.of("code"), SpaceDelimited.values("code code"));
        }
    }

    @Nested
    class Rfc6749Section3_3Scope {
        @Test
        void whenScopeHasSeveralTokensThenTheirOrderIsKept() {
            assertEquals(List.of("openid", "profile", "api:read"), List.copyOf(SpaceDelimited.values("openid profile api:read")));
        }

        @Test
        void whenATokenHoldsATabThenOnlySpacesSeparate() {
            assertEquals(Set.of("a\tb"), SpaceDelimited.values("a\tb"));
        }
    }

    @Nested
    class Rfc6749Section3_1ParametersWithoutValue {
        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {" ", "    "})
        void whenTheListIsAbsentOrBlankThenItIsEmpty(String list) {
            assertTrue(SpaceDelimited.values(list).isEmpty());
        }
    }

    @Test
    void theValuesCannotBeChanged() {
        assertThrows(UnsupportedOperationException.class, () -> SpaceDelimited.values("login consent").add("none"));
    }
}
