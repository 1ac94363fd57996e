package dev.portcullis.authorize.userinfo;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.portcullis.contract.RedisKeys;
import dev.portcullis.contract.TokenHash;
import dev.portcullis.contract.TokenShape;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthException;
import dev.portcullis.contract.oauth.Scope;
import dev.portcullis.proto.records.v1.OpaqueAccessTokenRecord;
import dev.portcullis.rules.accesstoken.AccessTokenVerifier;
import dev.portcullis.rules.accesstoken.JwksKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;

/**
 * The bearer access token of a {@code /userinfo} request (RFC 6750 §3.1 {@code invalid_token}),
 * in either form token-service issues: a JWT, checked by the shared RFC 9068 rule
 * ({@link AccessTokenVerifier}, revocation included), or an opaque token whose
 * {@code OpaqueAccessTokenRecord} exists, has not expired and whose {@code jti} is not revoked.
 */
@ApplicationScoped
public final class AccessTokens {
    private final AccessTokenVerifier jwt;
    private final JwksKeys jwks;
    private final ReactiveKeyCommands<String> keys;
    private final ReactiveValueCommands<String, byte[]> values;

    public AccessTokens(AccessTokenVerifier jwt, JwksKeys jwks, ReactiveRedisDataSource redis) {
        this.jwt = jwt;
        this.jwks = jwks;
        this.keys = redis.key();
        this.values = redis.value(byte[].class);
    }

    /** Fetches token-service's keys with the application, so the first JWT does not wait for them. */
    void onStart(@Observes StartupEvent event) {
        jwks.start();
    }

    public Uni<VerifiedAccessToken> verify(String token) {
        if (token.length() > AccessTokenVerifier.MAX_LENGTH) {
            return Uni.createFrom().failure(invalid("Malformed token"));
        }
        return switch (TokenShape.of(token)) {
            case JWT -> jwt.verify(token).map(c -> new VerifiedAccessToken(c.subject(), c.scopes(), c.clientId()));
            case OPAQUE -> verifyOpaque(token);
            default -> Uni.createFrom().failure(invalid("Not an access token"));
        };
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
