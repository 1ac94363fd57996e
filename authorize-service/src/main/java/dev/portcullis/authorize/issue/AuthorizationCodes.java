package dev.portcullis.authorize.issue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.authorize.request.AuthorizationRequest;
import dev.portcullis.authorize.config.AuthorizeConfig;
import dev.portcullis.authorize.session.BrowserSession;
import dev.portcullis.authorize.session.SignedIn;
import dev.portcullis.authorize.userinfo.ClaimsRelease;
import dev.portcullis.contract.RedisKeys;
import dev.portcullis.contract.TokenHash;
import dev.portcullis.contract.oauth.Scope;
import dev.portcullis.proto.records.v1.AuthorizationCodeRecord;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Issues authorization codes (RFC 6749 §4.1.2): 256 random bits from a CSPRNG, stored only as
 * the SHA-256 key of an {@link AuthorizationCodeRecord} that binds client, redirect URI, PKCE
 * challenge, scope, RFC 8707 resources (which the token endpoint may narrow), nonce, subject,
 * auth time and session, expiring after
 * {@code oauth.authorize.code-ttl}. token-service redeems it once with GETDEL.
 *
 * <p>For an {@code openid} scope the record also carries the user's claims for that scope, from
 * the same {@link ClaimsRelease} as {@code /userinfo} (OIDC Core §5.4), so the token endpoint
 * signs the ID token without a call back to this service.
 */
@ApplicationScoped
public final class AuthorizationCodes {
    private final ReactiveValueCommands<String, byte[]> values;
    private final AuthorizeConfig config;
    private final ObjectMapper json;

    public AuthorizationCodes(ReactiveRedisDataSource redis, AuthorizeConfig config, ObjectMapper json) {
        this.values = redis.value(byte[].class);
        this.config = config;
        this.json = json;
    }

    /** Stores a new code for {@code request}; answers the code, which only the client sees. */
    public Uni<String> issue(AuthorizationRequest request, SignedIn signedIn) {
        BrowserSession session = signedIn.session();
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
                .addAmr("pwd")
                .addAllResource(request.resources());
        if (request.codeChallenge() != null) {
            record.setCodeChallenge(request.codeChallenge()).setCodeChallengeMethod(request.codeChallengeMethod());
        }
        if (request.nonce() != null) {
            record.setNonce(request.nonce());
        }
        idTokenClaims(request.scope(), signedIn).ifPresent(c -> record.setClaimsJson(write(c)));
        return values.set(RedisKeys.authorizationCode(TokenHash.of(code)), record.build().toByteArray(),
                new SetArgs().ex(config.codeTtl())).replaceWith(code);
    }

    /**
     * Empty without {@code openid} (no ID token) and for a user no longer enabled (token-service
     * refuses then). The user is the one the session check just read, not read again.
     */
    private Optional<Map<String, Object>> idTokenClaims(Scope scope, SignedIn signedIn) {
        return scope.contains(Scope.OPENID) ? ClaimsRelease.of(signedIn.user(), scope) : Optional.empty();
    }

    private String write(Map<String, Object> value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
