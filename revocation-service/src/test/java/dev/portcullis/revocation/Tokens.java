package dev.portcullis.revocation;

import static io.restassured.RestAssured.given;

import dev.portcullis.contract.RedisKeys;
import dev.portcullis.contract.TokenHash;
import dev.portcullis.contract.TokenShape;
import dev.portcullis.proto.records.v1.OpaqueAccessTokenRecord;
import dev.portcullis.proto.records.v1.RefreshFamilyRecord;
import dev.portcullis.proto.records.v1.RefreshTokenRecord;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Test fixture: real tokens. JWT access tokens come from the real token-service
 * (client_credentials); opaque access tokens and refresh tokens are written to Redis exactly as
 * the contract says token-service writes them (records.proto, RedisKeys).
 */
public final class Tokens {
    private Tokens() {
    }

    /** A client_credentials JWT access token issued by token-service (RFC 6749 §4.4). */
    public static String clientCredentials(RegisteredClients.Registered client, String scope) {
        return given().baseUri(ConfigProvider.getConfig().getValue("test.token.url", String.class))
                .header("Authorization", client.basic())
                .formParam("grant_type", "client_credentials")
                .formParam("scope", scope)
                .post("/token").then().statusCode(200)
                .extract().path("access_token");
    }

    /** An opaque access token of {@code clientId}, stored as token-service stores it. */
    public static String opaque(RedisDataSource redis, String clientId, String familyId, long lifetimeSeconds) {
        return opaque(redis, clientId, familyId, lifetimeSeconds, "https://api.example");
    }

    /** An opaque access token of {@code clientId} for {@code audience}, stored as token-service stores it. */
    public static String opaque(RedisDataSource redis, String clientId, String familyId, long lifetimeSeconds,
            String audience) {
        String token = TokenShape.newOpaqueToken();
        long now = Instant.now().getEpochSecond();
        OpaqueAccessTokenRecord record = OpaqueAccessTokenRecord.newBuilder()
                .setJti(TokenHash.newSecret(16))
                .setClientId(clientId)
                .setSubject("user-" + clientId)
                .setUsername("alice")
                .setScope("api read")
                .addAud(audience)
                .setIssuedAt(now)
                .setExpiresAt(now + lifetimeSeconds)
                .setRefreshFamilyId(familyId == null ? "" : familyId)
                .build();
        redis.value(byte[].class).set(RedisKeys.opaqueAccessToken(TokenHash.of(token)), record.toByteArray(),
                new SetArgs().ex(Math.max(1, lifetimeSeconds)));
        return token;
    }

    /** A refresh token family of {@code clientId}: one live refresh token, listed access token ids. */
    public record Family(String familyId, String refreshToken, List<String> accessTokenJtis, long accessTokenMaxExp) {
    }

    public static Family refreshFamily(RedisDataSource redis, String clientId, List<String> accessTokenJtis,
            long accessTokenMaxExp) {
        String familyId = TokenShape.newFamilyId();
        String token = TokenShape.newRefreshToken(familyId);
        long now = Instant.now().getEpochSecond();
        RefreshFamilyRecord family = RefreshFamilyRecord.newBuilder()
                .setClientId(clientId)
                .setSubject("user-" + clientId)
                .setCreatedAt(now)
                .setExpiresAt(now + 86_400)
                .addAllAccessTokenJti(accessTokenJtis)
                .setAccessTokenMaxExp(accessTokenMaxExp)
                .build();
        RefreshTokenRecord record = RefreshTokenRecord.newBuilder()
                .setFamilyId(familyId)
                .setClientId(clientId)
                .setSubject("user-" + clientId)
                .setScope("api offline_access")
                .setIssuedAt(now)
                .setExpiresAt(now + 3_600)
                .build();
        redis.value(byte[].class).set(RedisKeys.refreshFamily(familyId), family.toByteArray(), new SetArgs().ex(86_400));
        redis.value(byte[].class).set(RedisKeys.refreshToken(familyId, TokenHash.of(token)), record.toByteArray(),
                new SetArgs().ex(3_600));
        return new Family(familyId, token, accessTokenJtis, accessTokenMaxExp);
    }

    /** Marks a stored refresh token as spent, as token-service does when it rotates it. */
    public static void spend(RedisDataSource redis, String refreshToken) {
        String familyId = TokenShape.familyOf(refreshToken).orElseThrow();
        String key = RedisKeys.refreshToken(familyId, TokenHash.of(refreshToken));
        try {
            RefreshTokenRecord r = RefreshTokenRecord.parseFrom(redis.value(byte[].class).get(key));
            redis.value(byte[].class).set(key, r.toBuilder().setSpent(true).build().toByteArray(),
                    new SetArgs().keepttl());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JOSE header of a JWT, decoded. */
    public static com.fasterxml.jackson.databind.JsonNode header(String jwt) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[0]));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The claims part of a JWT, decoded, for reading its jti and exp in assertions. */
    public static com.fasterxml.jackson.databind.JsonNode claims(String jwt) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
