package dev.portcullis.token.issue;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The claims of a JWT access token (RFC 9068 §2.2) for an {@link IssuanceContext}: {@code iss},
 * {@code sub}, {@code aud}, {@code exp}, {@code iat}, {@code jti}, {@code client_id}, {@code scope}
 * when granted, and {@code auth_time} / {@code acr} (RFC 9068 §2.2.1) when a user authenticated.
 */
public final class AccessTokenClaims {
    private AccessTokenClaims() {
    }

    public static Map<String, Object> of(String issuer, IssuanceContext context, String jti, long iat, long exp) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", context.subject());
        claims.put("aud", context.audience().size() == 1 ? context.audience().get(0) : context.audience());
        claims.put("exp", exp);
        claims.put("iat", iat);
        claims.put("jti", jti);
        claims.put("client_id", context.client().getClientId());
        if (!context.scope().isEmpty()) {
            claims.put("scope", context.scope().toString());
        }
        if (context.authTime() > 0) {
            claims.put("auth_time", context.authTime());
        }
        if (!context.acr().isEmpty()) {
            claims.put("acr", context.acr());
        }
        return claims;
    }
}
