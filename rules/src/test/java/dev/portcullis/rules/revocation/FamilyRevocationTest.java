package dev.portcullis.rules.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.portcullis.contract.RedisKeys;
import dev.portcullis.contract.TokenHash;
import dev.portcullis.contract.TokenShape;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthException;
import dev.portcullis.proto.records.v1.RefreshFamilyRecord;
import dev.portcullis.proto.records.v1.RevocationNotice;
import dev.portcullis.proto.records.v1.RevokedTokenRecord;
import dev.portcullis.rules.revocation.FamilyRevocation.Cascade;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The refresh-family revocation rule token-service and revocation-service share, against the
 * real Redis. Records are written as token-service writes them (records.proto, RedisKeys), with
 * unique ids; concurrent changes are made deterministic by {@link RedisRelay}.
 */
@QuarkusTest
@WithTestResource(value = RedisRelay.class, scope = TestResourceScope.GLOBAL)
class FamilyRevocationTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    FamilyRevocation families;
    @Inject
    AccessTokenRevocation accessTokens;
    @Inject
    RevocationNotices notices;
    @Inject
    LocalNotices local;
    @Inject
    RedisDataSource redis;
    @Inject
    @RedisClientName("relayed")
    ReactiveRedisDataSource relayed;
    @Inject
    @RedisClientName("unreachable")
    ReactiveRedisDataSource unreachable;

    private final String clientId = "client-" + TokenHash.newSecret(8);
    private final long now = Instant.now().getEpochSecond();

    @AfterEach
    void noInterceptionLeft() {
        RedisRelay.clear();
    }

    @Nested
    class Rfc9700Section4_14_2RefreshTokenReuse {

        @Test
        void whenTheFamilyIsRevokedThenItsRecordSaysSoAndKeepsItsTimeToLive() {
            String familyId = storeFamily(List.of(jti()), now + 600);
            long expiresAt = redis.key().expiretime(RedisKeys.refreshFamily(familyId));

            RefreshFamilyRecord revoked = await(families.revoke(familyId)).orElseThrow();

            assertTrue(revoked.getRevoked());
            assertTrue(stored(familyId).getRevoked());
            assertEquals(clientId, stored(familyId).getClientId());
            assertEquals(expiresAt, redis.key().expiretime(RedisKeys.refreshFamily(familyId)));
        }

        @Test
        void whenTheFamilyIsRevokedThenEveryAccessTokenItListsIsRevokedUntilTheirLatestExp() throws Exception {
            String first = jti();
            String second = jti();
            String familyId = storeFamily(List.of(first, second), now + 900);

            await(families.revoke(familyId));

            for (String jti : List.of(first, second)) {
                RevokedTokenRecord record = revokedRecord(jti);
                assertEquals(jti, record.getJti());
                assertEquals(now + 900, record.getExpiresAt());
                assertEquals(clientId, record.getClientId());
                assertTrue(record.getRevokedAt() >= now);
                assertEquals(now + 900, redis.key().expiretime(RedisKeys.revokedAccessToken(jti)));
            }
        }

        @Test
        void whenTheFamilyIsRevokedThenNoticesNameEachAccessTokenAndTheFamilyHereFirstThenEverywhere() throws Exception {
            String jti = jti();
            String familyId = storeFamily(List.of(jti), now + 600);

            try (PublishedNotices published = new PublishedNotices(redis)) {
                await(families.revoke(familyId));

                assertTrue(local.all().stream().anyMatch(n -> jti.equals(n.getJti())));
                assertTrue(local.all().stream().anyMatch(n -> familyId.equals(n.getFamilyId())));
                List<RevocationNotice> seen = published.until(n -> familyId.equals(n.getFamilyId()));
                assertTrue(seen.stream().anyMatch(n -> jti.equals(n.getJti())));
                assertTrue(seen.stream().filter(n -> familyId.equals(n.getFamilyId())).allMatch(n -> n.getRevokedAt() >= now));
            }
        }

        @Test
        void whenTheFamilyChangesWhileBeingRevokedThenTheChangeIsKeptAndItsAccessTokenRevokedToo() throws Exception {
            String first = jti();
            String added = jti();
            String familyId = storeFamily(List.of(first), now + 600);
            String key = RedisKeys.refreshFamily(familyId);
            // A refresh in token-service adds its new access token between this read and the compare-and-set.
            RedisRelay.beforeNextScriptOn(key, () -> redis.value(byte[].class).set(key, stored(familyId).toBuilder()
                    .addAccessTokenJti(added).setAccessTokenMaxExp(now + 660).build().toByteArray(), new SetArgs().keepttl()));

            RefreshFamilyRecord revoked = await(overRelay().revoke(familyId)).orElseThrow();

            assertFalse(RedisRelay.pending());
            assertEquals(List.of(first, added), revoked.getAccessTokenJtiList());
            assertTrue(stored(familyId).getRevoked());
            assertEquals(List.of(first, added), stored(familyId).getAccessTokenJtiList());
            assertEquals(now + 660, redis.key().expiretime(RedisKeys.revokedAccessToken(added)));
            assertEquals(now + 660, redis.key().expiretime(RedisKeys.revokedAccessToken(first)));
        }

        @Test
        void whenTheFamilyKeepsChangingThroughEveryAttemptThenTemporarilyUnavailableAndNothingIsOverwritten() {
            String familyId = storeFamily(List.of(jti()), now + 600);
            String key = RedisKeys.refreshFamily(familyId);
            keepChanging(familyId, key);

            OAuthException failure = failure(overRelay().revoke(familyId));

            assertEquals(OAuthError.TEMPORARILY_UNAVAILABLE, failure.error());
            assertFalse(stored(familyId).getRevoked());
            assertEquals(6, stored(familyId).getAccessTokenJtiCount());
        }

        @Test
        void whenTheFamilyDoesNotExistThenNothingIsWrittenOrAnnounced() throws Exception {
            String familyId = TokenShape.newFamilyId();
            String marker = jti();

            try (PublishedNotices published = new PublishedNotices(redis)) {
                assertEquals(Optional.empty(), await(families.revoke(familyId)));
                await(notices.accessToken(marker));

                assertFalse(redis.key().exists(RedisKeys.refreshFamily(familyId)));
                assertTrue(local.all().stream().noneMatch(n -> familyId.equals(n.getFamilyId())));
                // Redis delivers notices in the order it received them: the marker comes after any for the family.
                List<RevocationNotice> seen = published.until(n -> marker.equals(n.getJti()));
                assertTrue(seen.stream().noneMatch(n -> familyId.equals(n.getFamilyId())));
            }
        }

        @Test
        void whenTheFamilyIsAlreadyRevokedThenItsAccessTokensAreRevokedAgain() {
            String jti = jti();
            String familyId = storeFamily(List.of(jti), now + 600);
            await(families.revoke(familyId, Cascade.REFRESH_TOKENS_ONLY));

            RefreshFamilyRecord revoked = await(families.revoke(familyId)).orElseThrow();

            assertTrue(revoked.getRevoked());
            assertTrue(redis.key().exists(RedisKeys.revokedAccessToken(jti)));
        }
    }

    @Nested
    class Rfc7009Section2_1Revocation {

        @Test
        void whenAccessTokensAreNotToBeRevokedWithTheFamilyThenOnlyTheFamilyIs() throws Exception {
            String jti = jti();
            String familyId = storeFamily(List.of(jti), now + 600);

            try (PublishedNotices published = new PublishedNotices(redis)) {
                await(families.revoke(familyId, Cascade.REFRESH_TOKENS_ONLY));

                assertTrue(stored(familyId).getRevoked());
                assertFalse(redis.key().exists(RedisKeys.revokedAccessToken(jti)));
                List<RevocationNotice> seen = published.until(n -> familyId.equals(n.getFamilyId()));
                assertTrue(seen.stream().noneMatch(n -> jti.equals(n.getJti())));
            }
        }

        @Test
        void whenAccessTokensAreRevokedByIdThenEachRecordExpiresAtTheirExpAndIsAnnounced() throws Exception {
            String first = jti();
            String second = jti();

            try (PublishedNotices published = new PublishedNotices(redis)) {
                await(accessTokens.revoke(List.of(first, second), now + 300, clientId));

                for (String jti : List.of(first, second)) {
                    assertEquals(now + 300, revokedRecord(jti).getExpiresAt());
                    assertEquals(clientId, revokedRecord(jti).getClientId());
                    assertEquals(now + 300, redis.key().expiretime(RedisKeys.revokedAccessToken(jti)));
                    assertTrue(local.all().stream().anyMatch(n -> jti.equals(n.getJti())));
                }
                published.until(n -> first.equals(n.getJti()) || second.equals(n.getJti()));
                published.until(n -> first.equals(n.getJti()) || second.equals(n.getJti()));
            }
        }

        @Test
        void whenTheAccessTokensHaveAlreadyExpiredThenNothingIsWritten() {
            String jti = jti();

            await(accessTokens.revoke(List.of(jti), now - 1, clientId));

            assertFalse(redis.key().exists(RedisKeys.revokedAccessToken(jti)));
            assertTrue(local.all().stream().noneMatch(n -> jti.equals(n.getJti())));
        }

        @Test
        void whenRedisCannotBeReachedThenTemporarilyUnavailable() {
            AccessTokenRevocation unreachableTokens = new AccessTokenRevocation(unreachable, notices);
            FamilyRevocation unreachableFamilies = new FamilyRevocation(unreachable, unreachableTokens, notices);

            assertEquals(OAuthError.TEMPORARILY_UNAVAILABLE, failure(unreachableFamilies.revoke(TokenShape.newFamilyId())).error());
            assertEquals(OAuthError.TEMPORARILY_UNAVAILABLE,
                    failure(unreachableTokens.revoke(List.of(jti()), now + 300, clientId)).error());
        }
    }

    private FamilyRevocation overRelay() {
        return new FamilyRevocation(relayed, new AccessTokenRevocation(relayed, notices), notices);
    }

    /** Before every compare-and-set on the family, another access token is added to it. */
    private void keepChanging(String familyId, String key) {
        RedisRelay.beforeNextScriptOn(key, () -> {
            redis.value(byte[].class).set(key, stored(familyId).toBuilder().addAccessTokenJti(jti()).build().toByteArray(),
                    new SetArgs().keepttl());
            keepChanging(familyId, key);
        });
    }

    private String storeFamily(List<String> accessTokenJtis, long accessTokenMaxExp) {
        String familyId = TokenShape.newFamilyId();
        RefreshFamilyRecord family = RefreshFamilyRecord.newBuilder()
                .setClientId(clientId)
                .setSubject("user-" + clientId)
                .setCreatedAt(now)
                .setExpiresAt(now + 86_400)
                .addAllAccessTokenJti(accessTokenJtis)
                .setAccessTokenMaxExp(accessTokenMaxExp)
                .build();
        redis.value(byte[].class).set(RedisKeys.refreshFamily(familyId), family.toByteArray(), new SetArgs().exAt(now + 86_400));
        return familyId;
    }

    private RefreshFamilyRecord stored(String familyId) {
        try {
            return RefreshFamilyRecord.parseFrom(redis.value(byte[].class).get(RedisKeys.refreshFamily(familyId)));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private RevokedTokenRecord revokedRecord(String jti) throws InvalidProtocolBufferException {
        return RevokedTokenRecord.parseFrom(redis.value(byte[].class).get(RedisKeys.revokedAccessToken(jti)));
    }

    private static String jti() {
        return "jti-" + TokenHash.newSecret(12);
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }

    private static OAuthException failure(Uni<?> uni) {
        Throwable t = uni.onItem().<Throwable>transform(x -> null).onFailure().recoverWithItem(f -> f).await().atMost(WAIT);
        if (t instanceof OAuthException e) {
            return e;
        }
        throw new AssertionError("expected an OAuthException, got " + t);
    }
}
