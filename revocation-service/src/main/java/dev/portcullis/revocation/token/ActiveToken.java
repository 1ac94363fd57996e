package dev.portcullis.revocation.token;

import java.util.List;

/**
 * What RFC 7662 §2.2 says about a token found active: the members of the introspection
 * response, plus the ids revocation notices name ({@code jti}, {@code familyId}) so the local
 * cache can drop it. Numeric dates are seconds since the epoch; 0 means absent.
 *
 * @param tokenType {@code Bearer} for access tokens, null for refresh tokens
 * @param familyId the refresh token family the token comes from, or null (never returned)
 */
public record ActiveToken(String scope, String clientId, String username, String tokenType, long exp, long iat,
        long nbf, String sub, List<String> aud, String iss, String jti, String familyId) {

    public ActiveToken {
        aud = aud == null ? List.of() : List.copyOf(aud);
    }

    /** True while the token has not reached its {@code exp}. */
    public boolean isUnexpiredAt(long epochSecond) {
        return exp > epochSecond;
    }
}
