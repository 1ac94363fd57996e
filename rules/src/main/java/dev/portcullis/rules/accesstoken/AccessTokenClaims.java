package dev.portcullis.rules.accesstoken;

import dev.portcullis.contract.oauth.Scope;
import java.util.List;
import java.util.Map;

/**
 * The claims of an access token that {@link AccessTokenVerifier} accepted (RFC 9068 §2.2).
 * Dates are seconds since the epoch; 0 means the claim is absent.
 *
 * @param scope the {@code scope} claim as issued (space-delimited, already checked to parse), or null
 * @param audience the {@code aud} values, empty when absent
 * @param claims every claim of the token, for claims this record does not name (roles, {@code username})
 */
public record AccessTokenClaims(String issuer, String subject, String clientId, String scope, List<String> audience,
        String jti, long issuedAt, long notBefore, long expiresAt, Map<String, Object> claims) {

    public AccessTokenClaims {
        audience = audience == null ? List.of() : List.copyOf(audience);
        claims = claims == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(claims));
    }

    /** The scope as a set of values (RFC 6749 §3.3). */
    public Scope scopes() {
        return Scope.parse(scope);
    }

    /** A claim's value as a string, or null when absent or not a string. */
    public String stringClaim(String name) {
        return claims.get(name) instanceof String s ? s : null;
    }
}
