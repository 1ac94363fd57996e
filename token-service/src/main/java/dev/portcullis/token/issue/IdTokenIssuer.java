package dev.portcullis.token.issue;

import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.token.client.UserDirectoryClient;
import dev.portcullis.token.config.PortcullisConfig;
import dev.portcullis.token.config.TokenConfig;
import dev.portcullis.token.keys.SigningAlgorithm;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * ID tokens (OIDC Core §2, §3.1.3.6): the user's released claims (carried by the authorization
 * code record, else asked of UserDirectory), then the
 * protocol claims this service owns ({@code iss}, {@code aud}, {@code azp}, {@code nonce},
 * {@code auth_time}, {@code acr}, {@code at_hash}...), which a user claim can never override.
 */
@ApplicationScoped
public class IdTokenIssuer {
    private static final Set<String> PROTOCOL_CLAIMS = Set.of("iss", "sub", "aud", "exp", "iat", "nbf", "jti",
            "auth_time", "nonce", "acr", "amr", "azp", "at_hash", "c_hash", "sid");

    private final JwtSigner signer;
    private final UserDirectoryClient users;
    private final TokenLifetimes lifetimes;
    private final Clock clock;
    private final String issuer;
    private final SigningAlgorithm alg;

    public IdTokenIssuer(JwtSigner signer, UserDirectoryClient users, TokenLifetimes lifetimes, Clock clock,
            PortcullisConfig portcullis, TokenConfig config) {
        this.signer = signer;
        this.users = users;
        this.lifetimes = lifetimes;
        this.clock = clock;
        this.issuer = portcullis.issuer();
        this.alg = SigningAlgorithm.configured("oauth.token.id-token.signing-alg", config.idToken().signingAlg());
    }

    /**
     * Signs the ID token with the claims the request carries, else those UserDirectory releases now.
     *
     * @throws dev.portcullis.contract.oauth.OAuthException invalid_grant when UserDirectory no
     *     longer knows the user (unknown or disabled)
     */
    public Uni<String> issue(IdTokenRequest r) {
        if (r.userClaimsJson() != null && !r.userClaimsJson().isEmpty()) {
            return Uni.createFrom().item(() -> sign(r, UserDirectoryClient.parse(r.userClaimsJson())));
        }
        return users.claims(r.subject(), r.scope()).map(found -> sign(r, found.orElseThrow(() -> OAuthError.INVALID_GRANT
                .exception("The user is no longer available"))));
    }

    private String sign(IdTokenRequest r, Map<String, Object> user) {
        long iat = clock.instant().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        user.forEach((k, v) -> {
            if (!PROTOCOL_CLAIMS.contains(k)) {
                claims.put(k, v);
            }
        });
        claims.put("iss", issuer);
        claims.put("sub", r.subject());
        claims.put("aud", r.client().getClientId());
        claims.put("azp", r.client().getClientId());
        claims.put("exp", iat + lifetimes.idToken(r.client()).toSeconds());
        claims.put("iat", iat);
        if (r.authTime() > 0) {
            claims.put("auth_time", r.authTime());
        }
        putIfPresent(claims, "nonce", r.nonce());
        putIfPresent(claims, "acr", r.acr());
        if (r.amr() != null && !r.amr().isEmpty()) {
            claims.put("amr", r.amr());
        }
        putIfPresent(claims, "sid", r.sessionId());
        if (r.accessToken() != null) {
            claims.put("at_hash", leftHalfHash(r.accessToken()));
        }
        return signer.sign(alg, null, claims);
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
        if (value != null && !value.isEmpty()) {
            claims.put(name, value);
        }
    }
}
