package dev.portcullis.rules.revocation;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.portcullis.contract.RedisKeys;
import dev.portcullis.proto.records.v1.RefreshFamilyRecord;
import dev.portcullis.rules.redis.RedisScript;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Revokes a refresh token family: token-service when a spent refresh token is presented or one
 * token is used twice at once (RFC 9700 §4.14.2) and when a code is replayed (RFC 6749 §4.1.2),
 * revocation-service when a client revokes a refresh token (RFC 7009 §2.1).
 *
 * <ol>
 *   <li>The {@code RefreshFamilyRecord} is rewritten with {@code revoked=true}, keeping its time
 *       to live, so token-service refuses every token of the family until the family would have
 *       expired. The rewrite is a compare-and-set on the exact bytes read (one script on the
 *       family's key, so Cluster-safe), retried when the family changed meanwhile: an access
 *       token that a concurrent refresh just added to the family is revoked with it, not lost.</li>
 *   <li>With {@link Cascade#ACCESS_TOKENS}, every access token id the family lists is revoked
 *       until {@code access_token_max_exp} ({@link AccessTokenRevocation}).</li>
 *   <li>A notice names the family ({@link RevocationNotices#family}).</li>
 * </ol>
 *
 * A family that no longer exists (expired) or was never stored is left alone: nothing is written
 * and nothing announced. A Redis failure is {@code temporarily_unavailable}; every step can be
 * repeated, so the caller may retry.
 */
@ApplicationScoped
public final class FamilyRevocation {
    private static final Logger LOG = Logger.getLogger(FamilyRevocation.class);
    private static final int ATTEMPTS = 5;

    /** KEYS: family. ARGV: the bytes read, the revoked record. 1 when replaced, 0 when changed meanwhile. */
    private static final RedisScript REPLACE_IF_UNCHANGED = new RedisScript("""
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
            redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
            return 1""");

    /** What a family's revocation takes with it besides the family's refresh tokens. */
    public enum Cascade {
        /** The access tokens the family lists: RFC 9700 §4.14.2, and the SHOULD of RFC 7009 §2.1. */
        ACCESS_TOKENS,
        /** Nothing: the access tokens stay valid until they expire. */
        REFRESH_TOKENS_ONLY
    }

    private final ReactiveRedisDataSource redis;
    private final AccessTokenRevocation accessTokens;
    private final RevocationNotices notices;

    public FamilyRevocation(ReactiveRedisDataSource redis, AccessTokenRevocation accessTokens, RevocationNotices notices) {
        this.redis = redis;
        this.accessTokens = accessTokens;
        this.notices = notices;
    }

    /** Revokes the family and its access tokens ({@link Cascade#ACCESS_TOKENS}). */
    public Uni<Optional<RefreshFamilyRecord>> revoke(String familyId) {
        return revoke(familyId, Cascade.ACCESS_TOKENS);
    }

    /**
     * @return the family as revoked, listing its access tokens; empty when it does not exist
     * @throws dev.portcullis.contract.oauth.OAuthException temporarily_unavailable (in the
     *         {@code Uni}) when Redis fails or the family kept changing through every attempt
     */
    public Uni<Optional<RefreshFamilyRecord>> revoke(String familyId, Cascade cascade) {
        return StoreFailures.unavailableOnFailure(markRevoked(RedisKeys.refreshFamily(familyId), ATTEMPTS))
                .call(found -> found.isEmpty() ? Uni.createFrom().voidItem() : cascade(found.get(), cascade)
                        .chain(() -> notices.family(familyId)));
    }

    private Uni<Void> cascade(RefreshFamilyRecord family, Cascade cascade) {
        return cascade == Cascade.ACCESS_TOKENS
                ? accessTokens.revoke(family.getAccessTokenJtiList(), family.getAccessTokenMaxExp(), family.getClientId())
                : Uni.createFrom().voidItem();
    }

    private Uni<Optional<RefreshFamilyRecord>> markRevoked(String key, int attempts) {
        return redis.value(String.class, byte[].class).get(key).chain(bytes -> {
            Optional<RefreshFamilyRecord> family = parse(bytes);
            if (family.isEmpty() || family.get().getRevoked()) {
                return Uni.createFrom().item(family);
            }
            RefreshFamilyRecord revoked = family.get().toBuilder().setRevoked(true).build();
            return REPLACE_IF_UNCHANGED.run(redis, List.of(key), List.of(bytes, revoked.toByteArray())).chain(r -> {
                if (r != null && r.toInteger() == 1) {
                    return Uni.createFrom().item(Optional.of(revoked));
                }
                return attempts > 1 ? markRevoked(key, attempts - 1)
                        : Uni.createFrom().failure(new IllegalStateException("Family kept changing while being revoked"));
            });
        });
    }

    private static Optional<RefreshFamilyRecord> parse(byte[] bytes) {
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(RefreshFamilyRecord.parseFrom(bytes));
        } catch (InvalidProtocolBufferException e) {
            LOG.warn("Ignoring a malformed refresh family record");
            return Optional.empty();
        }
    }
}
