package dev.portcullis.revocation.jwt;

import dev.portcullis.rules.crypto.NativeCrypto;
import dev.portcullis.contract.oauth.TokenTypes;
import dev.portcullis.revocation.token.ActiveToken;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;

/**
 * Verifies an RFC 9068 JWT access token: signature by a key of token-service's JWKS,
 * {@code typ: at+jwt} (§2.1, §4), {@code iss} equal to {@code portcullis.issuer}, {@code exp}
 * in the future and {@code nbf} (if any) reached. Says nothing about revocation.
 */
@ApplicationScoped
public class AccessTokenVerifier {
    private static final Logger LOG = Logger.getLogger(AccessTokenVerifier.class);
    private static final AlgorithmConstraints SIGNATURE_ALGORITHMS = new AlgorithmConstraints(
            AlgorithmConstraints.ConstraintType.PERMIT,
            AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.RSA_USING_SHA384,
            AlgorithmIdentifiers.RSA_USING_SHA512, AlgorithmIdentifiers.RSA_PSS_USING_SHA256,
            AlgorithmIdentifiers.RSA_PSS_USING_SHA384, AlgorithmIdentifiers.RSA_PSS_USING_SHA512,
            AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
            AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384,
            AlgorithmIdentifiers.ECDSA_USING_P521_CURVE_AND_SHA512, AlgorithmIdentifiers.EDDSA);

    /** Only parses: the header names the key to verify with. */
    private static final JwtConsumer PARSER = new JwtConsumerBuilder()
            .setSkipAllValidators()
            .setDisableRequireSignature()
            .setSkipSignatureVerification()
            .build();

    private final JwksKeys keys;
    private final String issuer;

    public AccessTokenVerifier(JwksKeys keys, @ConfigProperty(name = "portcullis.issuer") String issuer) {
        this.keys = keys;
        this.issuer = issuer;
    }

    /** The token's claims when it verifies, or empty for any token that does not. */
    public Uni<Optional<ActiveToken>> verify(String jwt) {
        JwtContext parsed;
        try {
            parsed = PARSER.process(jwt);
        } catch (InvalidJwtException e) {
            return Uni.createFrom().item(Optional.empty());
        }
        String kid = parsed.getJoseObjects().get(0).getKeyIdHeaderValue();
        if (kid == null) {
            return Uni.createFrom().item(Optional.empty());
        }
        return keys.key(kid).map(key -> key.flatMap(k -> verify(parsed, k)));
    }

    private Optional<ActiveToken> verify(JwtContext parsed, JsonWebKey key) {
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setVerificationKey(key.getKey())
                .setJwsProviderContext(NativeCrypto.jws(key.getKey()))
                .setJwsAlgorithmConstraints(SIGNATURE_ALGORITHMS)
                .setExpectedType(true, TokenTypes.JWT_ACCESS_TOKEN_TYP)
                .setExpectedIssuer(issuer)
                .setRequireExpirationTime()
                .setRequireJwtId()
                .setRequireSubject()
                .setSkipDefaultAudienceValidation()
                .setAllowedClockSkewInSeconds(0)
                .build();
        try {
            consumer.processContext(parsed);
            return Optional.of(toActiveToken(parsed.getJwtClaims()));
        } catch (InvalidJwtException | MalformedClaimException e) {
            LOG.debugf("Access token refused: %s", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private static ActiveToken toActiveToken(JwtClaims c) throws MalformedClaimException {
        String username = c.getClaimValueAsString("username");
        if (username == null) {
            username = c.getClaimValueAsString("preferred_username");
        }
        List<String> aud = c.hasAudience() ? c.getAudience() : List.of();
        return new ActiveToken(
                c.getClaimValueAsString("scope"),
                c.getClaimValueAsString("client_id"),
                username,
                TokenTypes.BEARER,
                c.getExpirationTime().getValue(),
                c.getIssuedAt() == null ? 0 : c.getIssuedAt().getValue(),
                c.getNotBefore() == null ? 0 : c.getNotBefore().getValue(),
                c.getSubject(),
                aud,
                c.getIssuer(),
                c.getJwtId(),
                null);
    }
}
