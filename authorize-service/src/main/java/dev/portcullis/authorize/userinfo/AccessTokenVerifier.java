package dev.portcullis.authorize.userinfo;

import dev.portcullis.authorize.config.PortcullisSettings;
import dev.portcullis.contract.RedisKeys;
import dev.portcullis.contract.TokenHash;
import dev.portcullis.contract.TokenShape;
import dev.portcullis.rules.crypto.NativeCrypto;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthException;
import dev.portcullis.contract.oauth.Scope;
import dev.portcullis.contract.oauth.TokenTypes;
import dev.portcullis.proto.records.v1.OpaqueAccessTokenRecord;
import com.google.protobuf.InvalidProtocolBufferException;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

/**
 * Checks a bearer access token for {@code /userinfo} (RFC 6750 §3.1 {@code invalid_token}):
 * a JWT (RFC 9068: {@code typ at+jwt}, our issuer, signature by a key of token-service's JWKS,
 * not expired, {@code jti} not in the revoked set) or an opaque token whose
 * {@code OpaqueAccessTokenRecord} exists and has not expired.
 */
@ApplicationScoped
public final class AccessTokenVerifier {
    private static final AlgorithmConstraints ALGORITHMS = new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
            AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.RSA_USING_SHA384, AlgorithmIdentifiers.RSA_USING_SHA512,
            AlgorithmIdentifiers.RSA_PSS_USING_SHA256, AlgorithmIdentifiers.RSA_PSS_USING_SHA384, AlgorithmIdentifiers.RSA_PSS_USING_SHA512,
            AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384,
            AlgorithmIdentifiers.ECDSA_USING_P521_CURVE_AND_SHA512, AlgorithmIdentifiers.EDDSA);

    private final JwksKeys jwks;
    private final String issuer;
    private final ReactiveKeyCommands<String> keys;
    private final ReactiveValueCommands<String, byte[]> values;

    public AccessTokenVerifier(JwksKeys jwks, PortcullisSettings settings, ReactiveRedisDataSource redis) {
        this.jwks = jwks;
        this.issuer = settings.issuer();
        this.keys = redis.key();
        this.values = redis.value(byte[].class);
    }

    public Uni<VerifiedAccessToken> verify(String token) {
        if (token.length() > 8192) {
            return Uni.createFrom().failure(invalid("Malformed token"));
        }
        return switch (TokenShape.of(token)) {
            case JWT -> verifyJwt(token);
            case OPAQUE -> verifyOpaque(token);
            default -> Uni.createFrom().failure(invalid("Not an access token"));
        };
    }

    private Uni<VerifiedAccessToken> verifyJwt(String token) {
        String kid;
        try {
            JsonWebSignature jws = (JsonWebSignature) JsonWebSignature.fromCompactSerialization(token);
            kid = jws.getKeyIdHeaderValue();
        } catch (JoseException | ClassCastException e) {
            return Uni.createFrom().failure(invalid("Malformed token"));
        }
        return jwks.keysFor(kid).map(k -> claims(token, k)).chain(claims -> {
            try {
                String jti = claims.getJwtId();
                VerifiedAccessToken v = new VerifiedAccessToken(claims.getSubject(),
                        Scope.parse(claims.getStringClaimValue("scope")), claims.getStringClaimValue("client_id"));
                return keys.exists(RedisKeys.revokedAccessToken(jti)).map(revoked -> {
                    if (revoked) {
                        throw invalid("The token was revoked");
                    }
                    return v;
                });
            } catch (MalformedClaimException | OAuthException e) {
                return Uni.createFrom().failure(invalid("Malformed token"));
            }
        });
    }

    private JwtClaims claims(String token, List<JsonWebKey> keys) {
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setAllowedClockSkewInSeconds(30)
                .setRequireSubject()
                .setRequireJwtId()
                .setExpectedIssuer(issuer)
                .setSkipDefaultAudienceValidation()
                .setExpectedType(true, TokenTypes.JWT_ACCESS_TOKEN_TYP)
                .setJwsAlgorithmConstraints(ALGORITHMS)
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(keys))
                .setJwsProviderContext(NativeCrypto.jws(keys.isEmpty() ? null : keys.get(0).getKey()))
                .build();
        try {
            return consumer.processToClaims(token);
        } catch (InvalidJwtException e) {
            throw invalid("The token is invalid or expired");
        }
    }

    private Uni<VerifiedAccessToken> verifyOpaque(String token) {
        return values.get(RedisKeys.opaqueAccessToken(TokenHash.of(token))).chain(bytes -> {
            if (bytes == null) {
                return Uni.createFrom().failure(invalid("The token is invalid or expired"));
            }
            OpaqueAccessTokenRecord r;
            try {
                r = OpaqueAccessTokenRecord.parseFrom(bytes);
            } catch (InvalidProtocolBufferException e) {
                return Uni.createFrom().failure(invalid("The token is invalid or expired"));
            }
            if (r.getExpiresAt() <= Instant.now().getEpochSecond()) {
                return Uni.createFrom().failure(invalid("The token is invalid or expired"));
            }
            VerifiedAccessToken v = new VerifiedAccessToken(r.getSubject(), Scope.parse(r.getScope()), r.getClientId());
            if (r.getJti().isEmpty()) {
                return Uni.createFrom().item(v);
            }
            return keys.exists(RedisKeys.revokedAccessToken(r.getJti())).map(revoked -> {
                if (revoked) {
                    throw invalid("The token was revoked");
                }
                return v;
            });
        });
    }

    private static OAuthException invalid(String description) {
        return OAuthError.INVALID_TOKEN.exception(description);
    }
}
