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
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Issues access tokens: JWTs per RFC 9068 (no storage at all), or opaque tokens stored as
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

    public Uni<IssuedAccessToken> issue(AccessTokenRequest r) {
        long iat = clock.instant().getEpochSecond();
        long exp = iat + lifetimes.accessToken(r.client()).toSeconds();
        String jti = TokenHash.newSecret(16);
        if (r.client().getAccessTokenFormat() == AccessTokenFormat.ACCESS_TOKEN_FORMAT_OPAQUE) {
            return opaque(r, jti, iat, exp);
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", r.subject());
        claims.put("aud", r.audience().size() == 1 ? r.audience().get(0) : r.audience());
        claims.put("exp", exp);
        claims.put("iat", iat);
        claims.put("jti", jti);
        claims.put("client_id", r.client().getClientId());
        if (!r.scope().isEmpty()) {
            claims.put("scope", r.scope().toString());
        }
        if (r.authTime() > 0) {
            claims.put("auth_time", r.authTime());
        }
        if (r.acr() != null && !r.acr().isEmpty()) {
            claims.put("acr", r.acr());
        }
        String token = signer.sign(alg, TokenTypes.JWT_ACCESS_TOKEN_TYP, claims);
        return Uni.createFrom().item(new IssuedAccessToken(token, jti, iat, exp, r.scope()));
    }

    private Uni<IssuedAccessToken> opaque(AccessTokenRequest r, String jti, long iat, long exp) {
        String token = TokenShape.newOpaqueToken();
        OpaqueAccessTokenRecord.Builder record = OpaqueAccessTokenRecord.newBuilder()
                .setJti(jti)
                .setClientId(r.client().getClientId())
                .setSubject(r.subject())
                .setScope(r.scope().toString())
                .addAllAud(r.audience())
                .setIssuedAt(iat)
                .setExpiresAt(exp);
        if (r.familyId() != null) {
            record.setRefreshFamilyId(r.familyId());
        }
        return redis.value(byte[].class)
                .set(RedisKeys.opaqueAccessToken(TokenHash.of(token)), record.build().toByteArray(),
                        new SetArgs().exAt(java.time.Instant.ofEpochSecond(exp)))
                .replaceWith(new IssuedAccessToken(token, jti, iat, exp, r.scope()));
    }
}
