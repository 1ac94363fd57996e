package dev.portcullis.acceptance.client;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.AccessTokenValidator;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.net.MalformedURLException;

/**
 * ID token validation exactly as OIDC Core §3.1.3.7 asks of a relying party, done by Nimbus'
 * {@link IDTokenValidator}: signature by a key from our JWKS, {@code iss}, {@code aud},
 * {@code exp}/{@code iat}, {@code nonce}, and {@code at_hash} (§3.1.3.8) when present.
 */
public final class IdTokens {
    private IdTokens() {
    }

    public static IDTokenClaimsSet validate(Provider provider, ClientID client, JWT idToken, Nonce nonce, AccessToken accessToken) {
        try {
            JWSAlgorithm algorithm = (JWSAlgorithm) idToken.getHeader().getAlgorithm();
            if (!provider.metadata().getIDTokenJWSAlgs().contains(algorithm)) {
                throw new AssertionError("ID token signed with " + algorithm + ", not an advertised algorithm");
            }
            IDTokenValidator validator = new IDTokenValidator(provider.metadata().getIssuer(), client, algorithm,
                    provider.metadata().getJWKSetURI().toURL());
            IDTokenClaimsSet claims = validator.validate(idToken, nonce);
            if (claims.getAccessTokenHash() != null) {
                AccessTokenValidator.validate(accessToken, algorithm, claims.getAccessTokenHash());
            }
            return claims;
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new AssertionError("ID token rejected by Nimbus IDTokenValidator: " + e.getMessage(), e);
        }
    }
}
