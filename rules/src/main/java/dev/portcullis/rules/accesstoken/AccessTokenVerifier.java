package dev.portcullis.rules.accesstoken;

import dev.portcullis.contract.RedisKeys;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthException;
import dev.portcullis.contract.oauth.Scope;
import dev.portcullis.contract.oauth.TokenTypes;
import dev.portcullis.rules.crypto.NativeCrypto;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;

/**
 * Verifies a JWT access token as RFC 9068 §4 says a resource server must, for every service that
 * accepts our access tokens (authorize-service {@code /userinfo}, revocation-service
 * {@code /introspect} and {@code /revoke}, the admin APIs):
 *
 * <ol>
 *   <li>at most {@value #MAX_LENGTH} characters, a JWS in compact form with a {@code kid};</li>
 *   <li>{@code typ} {@code at+jwt} (or {@code application/at+jwt}), §2.1 and §4 item 1;</li>
 *   <li>{@code alg} in the allow-list: RS*, PS*, ES*, EdDSA; never {@code none} nor an HMAC
 *       (§4 item 6: a public key must not double as a shared secret); and equal to the key's own
 *       {@code alg} when the JWK states one;</li>
 *   <li>the signature, by the key token-service publishes under that {@code kid}
 *       ({@link JwksKeys}, whose cache policy is written there);</li>
 *   <li>{@code iss} equal to {@code portcullis.issuer} (§4 item 2);</li>
 *   <li>{@code exp} present and still ahead, with no leeway: the token is dead at {@code exp}
 *       exactly, the instant its {@code RevokedTokenRecord} expires (§4 item 7). {@code nbf},
 *       when present, reached give or take {@value #NBF_SKEW_SECONDS} s of clock skew between
 *       token-service and this replica;</li>
 *   <li>{@code sub} and {@code jti} present; {@code scope}, when present, well formed;</li>
 *   <li>{@code aud} containing the audience the caller requires, when it requires one (§4 item 3);</li>
 *   <li>{@code jti} not revoked: no {@code RevokedTokenRecord} at
 *       {@code RedisKeys.revokedAccessToken(jti)} (one Redis round trip; skipped by
 *       {@link #authentic}, for the revocation endpoint itself).</li>
 * </ol>
 *
 * <p>A token failing any check is a failed Uni with {@code invalid_token} (RFC 6750 §3.1);
 * signing keys never loaded or a Redis failure is {@code temporarily_unavailable}: the token
 * may be fine, so the caller must not be told it is not. Why a token was refused is logged at
 * debug level, never the token.
 */
@ApplicationScoped
public class AccessTokenVerifier {
    /** Longest token accepted; ours are well under 2 KB. */
    public static final int MAX_LENGTH = 8192;
    /** Allowed clock skew on {@code nbf}, in seconds. */
    public static final int NBF_SKEW_SECONDS = 5;
    private static final Logger LOG = Logger.getLogger(AccessTokenVerifier.class);
    private static final AlgorithmConstraints ALGORITHMS = new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
            AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.RSA_USING_SHA384, AlgorithmIdentifiers.RSA_USING_SHA512,
            AlgorithmIdentifiers.RSA_PSS_USING_SHA256, AlgorithmIdentifiers.RSA_PSS_USING_SHA384, AlgorithmIdentifiers.RSA_PSS_USING_SHA512,
            AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384,
            AlgorithmIdentifiers.ECDSA_USING_P521_CURVE_AND_SHA512, AlgorithmIdentifiers.EDDSA);
    /** Only parses: the header names the key to verify with. */
    private static final JwtConsumer PARSER = new JwtConsumerBuilder()
            .setSkipAllValidators().setDisableRequireSignature().setSkipSignatureVerification().build();

    private final JwksKeys keys;
    private final String issuer;
    private final ReactiveKeyCommands<String> redis;
    private final Clock clock;

    @Inject
    public AccessTokenVerifier(JwksKeys keys, @ConfigProperty(name = "portcullis.issuer") String issuer,
            ReactiveRedisDataSource redis) {
        this(keys, issuer, redis, Clock.systemUTC());
    }

    AccessTokenVerifier(JwksKeys keys, String issuer, ReactiveRedisDataSource redis, Clock clock) {
        this.keys = keys;
        this.issuer = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        this.redis = redis.key();
        this.clock = clock;
    }

    /** Every check, the revocation of its {@code jti} included; any audience. */
    public Uni<AccessTokenClaims> verify(String token) {
        return authentic(token, null).chain(this::notRevoked);
    }

    /** Every check, the revocation of its {@code jti} included, and {@code aud} must contain {@code audience}. */
    public Uni<AccessTokenClaims> verify(String token, String audience) {
        return authentic(token, audience).chain(this::notRevoked);
    }

    /**
     * Every check but revocation: the token was issued by token-service and has not expired.
     * For the revocation endpoint, which must recognise a token it may already have revoked.
     */
    public Uni<AccessTokenClaims> authentic(String token) {
        return authentic(token, null);
    }

    private Uni<AccessTokenClaims> authentic(String token, String audience) {
        JwtContext parsed;
        String kid;
        try {
            if (token == null || token.length() > MAX_LENGTH) {
                throw invalid("Malformed token");
            }
            parsed = PARSER.process(token);
            if (parsed.getJoseObjects().size() != 1 || !(parsed.getJoseObjects().get(0) instanceof JsonWebSignature)) {
                throw invalid("Not a signed token");
            }
            kid = parsed.getJoseObjects().get(0).getKeyIdHeaderValue();
            if (kid == null) {
                throw invalid("No kid");
            }
        } catch (InvalidJwtException e) {
            return refused("Malformed token", e);
        } catch (OAuthException e) {
            return Uni.createFrom().failure(e);
        }
        return keys.key(kid).map(key -> check(parsed, key, audience));
    }

    private AccessTokenClaims check(JwtContext parsed, Optional<JsonWebKey> key, String audience) {
        if (key.isEmpty()) {
            throw refusal("Unknown signing key", null);
        }
        JsonWebKey jwk = key.get();
        String alg = parsed.getJoseObjects().get(0).getAlgorithmHeaderValue();
        if (jwk.getAlgorithm() != null && !jwk.getAlgorithm().equals(alg)) {
            throw refusal("Algorithm does not match the key", null);
        }
        JwtConsumerBuilder builder = new JwtConsumerBuilder()
                .setVerificationKey(jwk.getKey())
                .setJwsProviderContext(NativeCrypto.jws(jwk.getKey()))
                .setJwsAlgorithmConstraints(ALGORITHMS)
                .setExpectedType(true, TokenTypes.JWT_ACCESS_TOKEN_TYP)
                .setExpectedIssuer(issuer)
                .setRequireExpirationTime()
                .setRequireSubject()
                .setRequireJwtId()
                .setAllowedClockSkewInSeconds(NBF_SKEW_SECONDS)
                .setEvaluationTime(org.jose4j.jwt.NumericDate.fromMilliseconds(clock.millis()));
        if (audience == null) {
            builder.setSkipDefaultAudienceValidation();
        } else {
            builder.setExpectedAudience(true, audience);
        }
        try {
            builder.build().processContext(parsed);
            JwtClaims c = parsed.getJwtClaims();
            long exp = c.getExpirationTime().getValue();
            if (clock.millis() / 1000 >= exp) {
                throw refusal("Expired", null);
            }
            String scope = c.getClaimValue("scope") == null ? null : c.getStringClaimValue("scope");
            Scope.parse(scope);
            List<String> aud = c.hasAudience() ? c.getAudience() : List.of();
            return new AccessTokenClaims(c.getIssuer(), c.getSubject(), c.getStringClaimValue("client_id"), scope, aud,
                    c.getJwtId(), c.getIssuedAt() == null ? 0 : c.getIssuedAt().getValue(),
                    c.getNotBefore() == null ? 0 : c.getNotBefore().getValue(), exp, c.getClaimsMap());
        } catch (InvalidJwtException | MalformedClaimException e) {
            throw refusal("The token is invalid or expired", e);
        } catch (OAuthException e) {
            if (e.error() == OAuthError.INVALID_TOKEN) {
                throw e;
            }
            throw refusal("Malformed scope", e);
        }
    }

    private Uni<AccessTokenClaims> notRevoked(AccessTokenClaims claims) {
        return redis.exists(RedisKeys.revokedAccessToken(claims.jti()))
                .onFailure().transform(t -> {
                    LOG.warnf("Redis call failed: %s", t.toString());
                    return OAuthError.TEMPORARILY_UNAVAILABLE.exception("Token state is unavailable, retry later")
                            .withLogDetail(t.toString());
                })
                .map(revoked -> {
                    if (revoked) {
                        throw refusal("The token was revoked", null);
                    }
                    return claims;
                });
    }

    private static OAuthException invalid(String description) {
        return OAuthError.INVALID_TOKEN.exception(description);
    }

    private static OAuthException refusal(String description, Exception cause) {
        LOG.debugf("Access token refused: %s%s", description, cause == null ? "" : " (" + cause.getClass().getSimpleName() + ")");
        return invalid(description);
    }

    private static <T> Uni<T> refused(String description, Exception cause) {
        return Uni.createFrom().failure(refusal(description, cause));
    }
}
