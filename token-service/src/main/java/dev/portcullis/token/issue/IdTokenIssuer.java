package dev.portcullis.token.issue;

import dev.portcullis.token.config.PortcullisConfig;
import dev.portcullis.token.config.TokenConfig;
import dev.portcullis.token.keys.SigningAlgorithm;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/**
 * ID tokens (OIDC Core §2, §3.1.3.6): the claims of {@link IdTokenClaims} for the context, with
 * the user's claims from {@link ReleasedClaims}, signed with {@code oauth.token.id-token.signing-alg}.
 */
@ApplicationScoped
public class IdTokenIssuer {
    private final JwtSigner signer;
    private final ReleasedClaims released;
    private final TokenLifetimes lifetimes;
    private final Clock clock;
    private final String issuer;
    private final SigningAlgorithm alg;

    public IdTokenIssuer(JwtSigner signer, ReleasedClaims released, TokenLifetimes lifetimes, Clock clock,
            PortcullisConfig portcullis, TokenConfig config) {
        this.signer = signer;
        this.released = released;
        this.lifetimes = lifetimes;
        this.clock = clock;
        this.issuer = portcullis.issuer();
        this.alg = SigningAlgorithm.configured("oauth.token.id-token.signing-alg", config.idToken().signingAlg());
    }

    /**
     * @param accessToken the access token issued with it, for {@code at_hash}, or null
     * @throws dev.portcullis.contract.oauth.OAuthException invalid_grant when the claims had to be
     *     asked of UserDirectory and it no longer knows the user (unknown or disabled)
     */
    public Uni<String> issue(IssuanceContext context, IssuedAccessToken accessToken) {
        return released.of(context).map(user -> {
            long iat = clock.instant().getEpochSecond();
            long exp = iat + lifetimes.idToken(context.client()).toSeconds();
            return signer.sign(alg, null, IdTokenClaims.of(issuer, context, user,
                    accessToken == null ? null : accessToken.token(), iat, exp));
        });
    }
}
