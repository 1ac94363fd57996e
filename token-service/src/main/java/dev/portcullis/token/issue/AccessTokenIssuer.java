package dev.portcullis.token.issue;

import dev.portcullis.contract.RedisKeys;
import dev.portcullis.contract.TokenHash;
import dev.portcullis.contract.TokenShape;
import dev.portcullis.contract.oauth.TokenTypes;
import dev.portcullis.proto.client.v1.AccessTokenFormat;
import dev.portcullis.proto.records.v1.OpaqueAccessTokenRecord;
import dev.portcullis.token.config.PortcullisConfig;
import dev.portcullis.token.config.TokenConfig;
import dev.portcullis.token.keys.SigningAlgorithm;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;

/**
 * Issues access tokens for an {@link IssuanceContext}: JWTs per RFC 9068 with the claims of
 * {@link AccessTokenClaims} (no storage at all), or opaque tokens stored as
 * {@code OpaqueAccessTokenRecord} under their hash for clients configured for them.
 */
@ApplicationScoped
public class AccessTokenIssuer {
    private final JwtSigner signer;
    private final TokenLifetimes lifetimes;
    private final ReactiveRedisDataSource redis;
    private final Clock clock;
    private final String issuer;
    private final SigningAlgorithm alg;

    public AccessTokenIssuer(JwtSigner signer, TokenLifetimes lifetimes, ReactiveRedisDataSource redis, Clock clock,
            PortcullisConfig portcullis, TokenConfig config) {
        this.signer = signer;
        this.lifetimes = lifetimes;
        this.redis = redis;
        this.clock = clock;
        this.issuer = portcullis.issuer();
        this.alg = SigningAlgorithm.configured("oauth.token.access-token.signing-alg", config.accessToken().signingAlg());
    }

    public Uni<IssuedAccessToken> issue(IssuanceContext context) {
        long iat = clock.instant().getEpochSecond();
        long exp = iat + lifetimes.accessToken(context.client()).toSeconds();
        String jti = TokenHash.newSecret(16);
        if (context.client().getAccessTokenFormat() == AccessTokenFormat.ACCESS_TOKEN_FORMAT_OPAQUE) {
            return opaque(context, jti, iat, exp);
        }
        String token = signer.sign(alg, TokenTypes.JWT_ACCESS_TOKEN_TYP, AccessTokenClaims.of(issuer, context, jti, iat, exp));
        return Uni.createFrom().item(new IssuedAccessToken(token, jti, iat, exp, context.scope()));
    }

    private Uni<IssuedAccessToken> opaque(IssuanceContext context, String jti, long iat, long exp) {
        String token = TokenShape.newOpaqueToken();
        OpaqueAccessTokenRecord record = OpaqueAccessTokenRecord.newBuilder()
                .setJti(jti)
                .setClientId(context.client().getClientId())
                .setSubject(context.subject())
                .setScope(context.scope().toString())
                .addAllAud(context.audience())
                .setIssuedAt(iat)
                .setExpiresAt(exp)
                .setRefreshFamilyId(context.refreshFamilyId())
                .build();
        return redis.value(byte[].class)
                .set(RedisKeys.opaqueAccessToken(TokenHash.of(token)), record.toByteArray(),
                        new SetArgs().exAt(Instant.ofEpochSecond(exp)))
                .replaceWith(new IssuedAccessToken(token, jti, iat, exp, context.scope()));
    }
}
