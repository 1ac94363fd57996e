package dev.portcullis.token;

import dev.portcullis.contract.RedisKeys;
import dev.portcullis.contract.TokenHash;
import dev.portcullis.proto.records.v1.AuthorizationCodeRecord;
import io.quarkus.redis.datasource.RedisDataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;

/**
 * Test fixture playing authorize-service's part of the contract: writes an
 * {@code AuthorizationCodeRecord} where authorize-service would (CONTRIBUTING "Authorization code").
 */
public final class AuthorizationCodes {
    public static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-verifier-0123";

    private AuthorizationCodes() {
    }

    public static AuthorizationCodeRecord.Builder record(String clientId, String redirectUri, String scope) {
        long now = Instant.now().getEpochSecond();
        return AuthorizationCodeRecord.newBuilder()
                .setClientId(clientId)
                .setRedirectUri(redirectUri)
                .setCodeChallenge(s256(VERIFIER))
                .setCodeChallengeMethod("S256")
                .setScope(scope)
                .setSubject("user-" + TokenHash.newSecret(6))
                .setAuthTime(now - 5)
                .setIssuedAt(now)
                .setExpiresAt(now + 60);
    }

    /** Stores the record under a fresh code and answers the code. */
    public static String store(RedisDataSource redis, AuthorizationCodeRecord record) {
        String code = TokenHash.newSecret(32);
        redis.value(byte[].class).setex(RedisKeys.authorizationCode(TokenHash.of(code)), 60, record.toByteArray());
        return code;
    }

    public static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
