package dev.portcullis.revocation;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.contract.RedisKeys;
import dev.portcullis.contract.TokenHash;
import dev.portcullis.proto.records.v1.RefreshFamilyRecord;
import dev.portcullis.revocation.RegisteredClients.Registered;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * RFC 7009 §2.1 says revoking a refresh token SHOULD revoke the access tokens of the same grant;
 * {@code oauth.revocation.revoke-access-tokens-with-refresh-token=false} turns that off, and the
 * family itself is still revoked.
 */
@QuarkusTest
@TestProfile(RevocationWithoutAccessTokenCascadeTest.CascadeOff.class)
@WithTestResource(PortcullisServices.class)
class RevocationWithoutAccessTokenCascadeTest {

    public static final class CascadeOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("oauth.revocation.revoke-access-tokens-with-refresh-token", "false");
        }
    }

    @Inject
    RedisDataSource redis;

    @Test
    void whenCascadeIsOffThenTheFamilyIsRevokedButItsAccessTokensAreNot() throws Exception {
        Registered owner = RegisteredClients.machine();
        String jti = "jti-" + TokenHash.newSecret(8);
        Tokens.Family family = Tokens.refreshFamily(redis, owner.id(), List.of(jti), Instant.now().getEpochSecond() + 600);

        given().header("Authorization", owner.basic()).formParam("token", family.refreshToken())
                .post("/revoke").then().statusCode(200);

        assertTrue(RefreshFamilyRecord.parseFrom(
                redis.value(byte[].class).get(RedisKeys.refreshFamily(family.familyId()))).getRevoked());
        assertFalse(redis.key().exists(RedisKeys.revokedAccessToken(jti)));
    }
}
