package dev.portcullis.authorize.web;

import dev.portcullis.contract.TokenHash;

/**
 * Double-submit CSRF protection of every form: a random value in an {@code HttpOnly},
 * {@code SameSite=Lax} cookie that each form repeats in a hidden field; a POST whose field does
 * not equal its cookie (constant-time) is refused. Another site can neither read the cookie nor
 * set it, so it cannot forge the field.
 *
 * @param value the token for this page
 * @param fresh true when the browser had none and the cookie must be set
 */
public record CsrfToken(String value, boolean fresh) {

    /** The browser's token, or a new one. */
    public static CsrfToken forPage(String cookie) {
        if (cookie != null && cookie.length() >= 32 && cookie.length() <= 64) {
            return new CsrfToken(cookie, false);
        }
        return new CsrfToken(TokenHash.newSecret(32), true);
    }

    /** True when a submitted form carries the token of its cookie. */
    public static boolean matches(String cookie, String field) {
        return cookie != null && !cookie.isEmpty() && TokenHash.constantTimeEquals(cookie, field);
    }
}
