package dev.portcullis.contract;

import java.util.Optional;

/**
 * The three shapes of token the suite hands out, told apart without a lookup:
 * <ul>
 *   <li>JWT access tokens (RFC 9068): three base64url parts joined by two dots;</li>
 *   <li>refresh tokens: {@code <familyId>.<secret>}, one dot, so the family (and with it the
 *       Redis hash slot) is known before any lookup;</li>
 *   <li>opaque access tokens: one base64url string without dots.</li>
 * </ul>
 * Secrets are 32 bytes from a CSPRNG (256 bits); family ids 16 bytes.
 */
public enum TokenShape {
    JWT, REFRESH, OPAQUE, MALFORMED;

    private static final int MAX_LENGTH = 8192;

    public static TokenShape of(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_LENGTH) {
            return MALFORMED;
        }
        int dots = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                dots++;
            } else if (!isBase64Url(c)) {
                return MALFORMED;
            }
        }
        return switch (dots) {
            case 0 -> OPAQUE;
            case 1 -> REFRESH;
            case 2 -> JWT;
            default -> MALFORMED;
        };
    }

    /** A new refresh token of a new family: returns {@code familyId.secret}. */
    public static String newRefreshToken(String familyId) {
        return familyId + "." + TokenHash.newSecret(32);
    }

    /** A new refresh token family id. */
    public static String newFamilyId() {
        return TokenHash.newSecret(16);
    }

    /** A new opaque access token. */
    public static String newOpaqueToken() {
        return TokenHash.newSecret(32);
    }

    /** The family id of a refresh token, or empty if the token is not of refresh shape. */
    public static Optional<String> familyOf(String refreshToken) {
        if (of(refreshToken) != REFRESH) {
            return Optional.empty();
        }
        int dot = refreshToken.indexOf('.');
        return dot > 0 ? Optional.of(refreshToken.substring(0, dot)) : Optional.empty();
    }

    private static boolean isBase64Url(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
}
