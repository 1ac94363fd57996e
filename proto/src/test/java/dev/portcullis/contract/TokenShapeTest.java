package dev.portcullis.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Tokens are told apart by shape, without a lookup (see TokenShape). */
class TokenShapeTest {

    @Test
    void whenARefreshTokenIsMintedThenItIsOfRefreshShapeAndNamesItsFamily() {
        String family = TokenShape.newFamilyId();
        String token = TokenShape.newRefreshToken(family);
        assertEquals(TokenShape.REFRESH, TokenShape.of(token));
        assertEquals(Optional.of(family), TokenShape.familyOf(token));
    }

    @Test
    void whenAnOpaqueTokenIsMintedThenItIsOfOpaqueShapeWithAtLeast256Bits() {
        String token = TokenShape.newOpaqueToken();
        assertEquals(TokenShape.OPAQUE, TokenShape.of(token));
        assertTrue(token.length() >= 43, "32 bytes base64url is 43 characters");
        assertNotEquals(token, TokenShape.newOpaqueToken());
    }

    @Test
    void aJwtHasTwoDots() {
        assertEquals(TokenShape.JWT, TokenShape.of("eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"a.b.c.d", "has space", "a+b/c=", "<script>"})
    void whenATokenIsMalformedThenItIsRecognisedAsSuchAndHasNoFamily(String token) {
        assertEquals(TokenShape.MALFORMED, TokenShape.of(token));
        assertEquals(Optional.empty(), TokenShape.familyOf(token));
    }

    @Test
    void whenATokenIsOversizedThenItIsMalformed() {
        assertEquals(TokenShape.MALFORMED, TokenShape.of("a".repeat(8193)));
    }

    @Test
    void hashesAreStableAndComparedInConstantTime() {
        assertEquals(TokenHash.of("abc"), TokenHash.of("abc"));
        assertEquals("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0", TokenHash.of("abc"));
        assertTrue(TokenHash.constantTimeEquals("x", "x"));
        assertEquals(false, TokenHash.constantTimeEquals("x", null));
    }
}
