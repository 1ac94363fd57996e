package dev.portcullis.token.store;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.portcullis.contract.RedisKeys;
import dev.portcullis.proto.records.v1.AuthorizationCodeRecord;
import dev.portcullis.proto.records.v1.CodeRedemptionRecord;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

/**
 * Authorization codes written by authorize-service (CONTRIBUTING "Authorization code"): redeemed
 * with GETDEL, so of any number of concurrent redemptions exactly one gets the record; what it
 * issued is remembered in a {@code CodeRedemptionRecord} so a replay can revoke it (RFC 6749 §4.1.2).
 */
@ApplicationScoped
public class AuthorizationCodeStore {
    private final ReactiveRedisDataSource redis;

    public AuthorizationCodeStore(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /** Takes the code record, atomically; empty when absent, already taken or unreadable. */
    public Uni<Optional<AuthorizationCodeRecord>> take(String codeHash) {
        return redis.value(byte[].class).getdel(RedisKeys.authorizationCode(codeHash)).map(bytes -> {
            if (bytes == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(AuthorizationCodeRecord.parseFrom(bytes));
            } catch (InvalidProtocolBufferException e) {
                return Optional.empty();
            }
        });
    }

    public Uni<Void> remember(String codeHash, CodeRedemptionRecord redemption, Instant until) {
        return redis.value(byte[].class).set(RedisKeys.codeRedemption(codeHash), redemption.toByteArray(),
                new SetArgs().exAt(until));
    }

    /** Takes the redemption record of a replayed code (one replay revokes once). */
    public Uni<Optional<CodeRedemptionRecord>> takeRedemption(String codeHash) {
        return redis.value(byte[].class).getdel(RedisKeys.codeRedemption(codeHash)).map(bytes -> {
            if (bytes == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(CodeRedemptionRecord.parseFrom(bytes));
            } catch (InvalidProtocolBufferException e) {
                return Optional.empty();
            }
        });
    }
}
