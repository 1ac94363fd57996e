package dev.portcullis.authorize.issue;

import dev.portcullis.authorize.authorization.AuthorizationRequest;
import dev.portcullis.authorize.config.AuthorizeConfig;
import dev.portcullis.authorize.session.BrowserSession;
import dev.portcullis.contract.RedisKeys;
import dev.portcullis.contract.TokenHash;
import dev.portcullis.proto.records.v1.AuthorizationCodeRecord;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Issues authorization codes (RFC 6749 §4.1.2): 256 random bits from a CSPRNG, stored only as
 * the SHA-256 key of an {@link AuthorizationCodeRecord} that binds client, redirect URI, PKCE
 * challenge, scope, nonce, subject, auth time and session, expiring after
 * {@code oauth.authorize.code-ttl}. token-service redeems it once with GETDEL.
 */
@ApplicationScoped
public final class AuthorizationCodes {
    private final ReactiveValueCommands<String, byte[]> values;
    private final AuthorizeConfig config;

    public AuthorizationCodes(ReactiveRedisDataSource redis, AuthorizeConfig config) {
        this.values = redis.value(byte[].class);
        this.config = config;
    }

    /** Stores a new code for {@code request}; answers the code, which only the client sees. */
    public Uni<String> issue(AuthorizationRequest request, BrowserSession session) {
        String code = TokenHash.newSecret(32);
        long now = Instant.now().getEpochSecond();
        AuthorizationCodeRecord.Builder record = AuthorizationCodeRecord.newBuilder()
                .setClientId(request.clientId())
                .setRedirectUri(request.redirectUriSent())
                .setScope(request.scope().toString())
                .setSubject(session.subject())
                .setAuthTime(session.authTime())
                .setIssuedAt(now)
                .setExpiresAt(now + config.codeTtl().toSeconds())
                .setSessionId(session.sid())
                .addAmr("pwd");
        if (request.codeChallenge() != null) {
            record.setCodeChallenge(request.codeChallenge()).setCodeChallengeMethod(request.codeChallengeMethod());
        }
        if (request.nonce() != null) {
            record.setNonce(request.nonce());
        }
        return values.set(RedisKeys.authorizationCode(TokenHash.of(code)), record.build().toByteArray(),
                new SetArgs().ex(config.codeTtl())).replaceWith(code);
    }
}
