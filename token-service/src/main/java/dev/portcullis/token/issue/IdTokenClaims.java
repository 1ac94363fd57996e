package dev.portcullis.token.issue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The claims of an ID token (OIDC Core §2, §3.1.3.6) for an {@link IssuanceContext}: the user's
 * released claims, then the protocol claims this service owns ({@code iss}, {@code sub},
 * {@code aud} = {@code azp} = the client, {@code exp}, {@code iat}, {@code auth_time},
 * {@code nonce}, {@code acr}, {@code amr}, {@code sid}, {@code at_hash}), which a user claim can
 * never set or override.
 */
public final class IdTokenClaims {
    private static final Set<String> PROTOCOL_CLAIMS = Set.of("iss", "sub", "aud", "exp", "iat", "nbf", "jti",
            "auth_time", "nonce", "acr", "amr", "azp", "at_hash", "c_hash", "sid");

    private IdTokenClaims() {
    }

    /**
     * @param user the released claims ({@link ReleasedClaims})
     * @param accessToken the access token issued with the ID token, for {@code at_hash}, or null
     */
    public static Map<String, Object> of(String issuer, IssuanceContext context, Map<String, Object> user,
            String accessToken, long iat, long exp) {
        Map<String, Object> claims = new LinkedHashMap<>();
        user.forEach((k, v) -> {
            if (!PROTOCOL_CLAIMS.contains(k)) {
                claims.put(k, v);
            }
        });
        claims.put("iss", issuer);
        claims.put("sub", context.subject());
        claims.put("aud", context.client().getClientId());
        claims.put("azp", context.client().getClientId());
        claims.put("exp", exp);
        claims.put("iat", iat);
        if (context.authTime() > 0) {
            claims.put("auth_time", context.authTime());
        }
        putIfPresent(claims, "nonce", context.nonce());
        putIfPresent(claims, "acr", context.acr());
        if (!context.amr().isEmpty()) {
            claims.put("amr", context.amr());
        }
        putIfPresent(claims, "sid", context.sessionId());
        if (accessToken != null) {
            claims.put("at_hash", leftHalfHash(accessToken));
        }
        return claims;
    }

    /** OIDC Core §3.1.3.6: base64url of the left half of SHA-256 of the ASCII token (RS256 and ES256 both use SHA-256). */
    static String leftHalfHash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, digest.length / 2));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void putIfPresent(Map<String, Object> claims, String name, String value) {
        if (!value.isEmpty()) {
            claims.put(name, value);
        }
    }
}
