package dev.portcullis.registry.authn;

import dev.portcullis.contract.oauth.TokenTypes;
import dev.portcullis.registry.config.RegistryConfig;
import dev.portcullis.registry.model.RegisteredClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;

/**
 * {@code private_key_jwt} (RFC 7523 §2.2, §3; OIDC Core §9): the assertion is a JWT signed
 * with an asymmetric key from the client's {@code jwks} or {@code jwks_uri}; {@code iss} and
 * {@code sub} are the client id; {@code aud} names one of the audiences the caller expects
 * (the issuer or the token endpoint); {@code exp} is required and in the future, and no later
 * than {@code oauth.registry.assertions.max-lifetime}; {@code jti} is required and accepted
 * once ({@link AssertionReplayGuard}). A key set from {@code jwks_uri} is fetched again once
 * when the signing key is not in the cached copy (the client rotated its keys).
 */
@ApplicationScoped
public final class ClientAssertionVerifier {
    private static final Logger LOG = Logger.getLogger(ClientAssertionVerifier.class);
    /** Asymmetric JWS algorithms only: a client secret is never a signing key here. */
    private static final AlgorithmConstraints ALGORITHMS = new AlgorithmConstraints(
            AlgorithmConstraints.ConstraintType.PERMIT,
            AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.RSA_USING_SHA384,
            AlgorithmIdentifiers.RSA_USING_SHA512, AlgorithmIdentifiers.RSA_PSS_USING_SHA256,
            AlgorithmIdentifiers.RSA_PSS_USING_SHA384, AlgorithmIdentifiers.RSA_PSS_USING_SHA512,
            AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
            AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384,
            AlgorithmIdentifiers.ECDSA_USING_P521_CURVE_AND_SHA512, AlgorithmIdentifiers.EDDSA);

    private final ClientKeys keys;
    private final AssertionReplayGuard replayGuard;
    private final int clockSkewSeconds;
    private final long maxLifetimeSeconds;

    public ClientAssertionVerifier(ClientKeys keys, AssertionReplayGuard replayGuard, RegistryConfig config) {
        this.keys = keys;
        this.replayGuard = replayGuard;
        this.clockSkewSeconds = (int) config.assertions().clockSkew().toSeconds();
        this.maxLifetimeSeconds = config.assertions().maxLifetime().toSeconds();
    }

    /** True when the assertion authenticates {@code client}; a replay or any defect is false. */
    public Uni<Boolean> verify(RegisteredClient client, String assertionType, String assertion, List<String> audiences) {
        if (!TokenTypes.CLIENT_ASSERTION_TYPE_JWT_BEARER.equals(assertionType) || assertion.isEmpty()
                || audiences.isEmpty()) {
            return refused(client, "missing assertion, wrong assertion type or no expected audience");
        }
        return keys.of(client, false)
                .map(set -> check(client, assertion, audiences, set))
                .flatMap(result -> result.unknownKey() && client.metadata().jwksUri() != null
                        ? keys.of(client, true).map(set -> check(client, assertion, audiences, set))
                        : Uni.createFrom().item(result))
                .flatMap(result -> {
                    if (result.claims() == null) {
                        return refused(client, result.why());
                    }
                    return useOnce(client, result.claims());
                })
                .onFailure().recoverWithUni(t -> refused(client, "keys unavailable: " + t.getClass().getSimpleName()));
    }

    private Uni<Boolean> useOnce(RegisteredClient client, JwtClaims claims) {
        try {
            long exp = claims.getExpirationTime().getValue();
            long now = Instant.now().getEpochSecond();
            if (exp - now > maxLifetimeSeconds) {
                return refused(client, "assertion lives longer than allowed");
            }
            return replayGuard.firstUse(client.clientId(), claims.getJwtId(), exp + clockSkewSeconds - now)
                    .flatMap(first -> first ? Uni.createFrom().item(true) : refused(client, "jti replayed"));
        } catch (MalformedClaimException e) {
            return refused(client, "malformed claim");
        }
    }

    private Checked check(RegisteredClient client, String assertion, List<String> audiences, List<JsonWebKey> set) {
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireJwtId()
                .setExpectedIssuer(client.clientId())
                .setExpectedSubject(client.clientId())
                .setExpectedAudience(audiences.toArray(String[]::new))
                .setAllowedClockSkewInSeconds(clockSkewSeconds)
                .setJwsAlgorithmConstraints(ALGORITHMS)
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(set))
                .build();
        try {
            return new Checked(consumer.processToClaims(assertion), false, null);
        } catch (InvalidJwtException e) {
            boolean unknownKey = e.getCause() instanceof org.jose4j.lang.UnresolvableKeyException;
            return new Checked(null, unknownKey, e.getErrorDetails().isEmpty() ? "invalid JWT"
                    : "invalid JWT, error code " + e.getErrorDetails().get(0).getErrorCode());
        }
    }

    private static Uni<Boolean> refused(RegisteredClient client, String why) {
        LOG.debugf("Client assertion refused for %s: %s", client.clientId(), why);
        return Uni.createFrom().item(false);
    }

    private record Checked(JwtClaims claims, boolean unknownKey, String why) {
    }
}
