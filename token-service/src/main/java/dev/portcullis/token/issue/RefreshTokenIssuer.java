package dev.portcullis.token.issue;

import dev.portcullis.contract.TokenHash;
import dev.portcullis.contract.TokenShape;
import dev.portcullis.proto.client.v1.Client;
import dev.portcullis.proto.records.v1.RefreshFamilyRecord;
import dev.portcullis.proto.records.v1.RefreshTokenRecord;
import dev.portcullis.token.store.RefreshTokenStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;

/**
 * Starts refresh token families (RFC 6749 §6, RFC 9700 §4.14): a token of shape
 * {@code <familyId>.<secret>}, stored only as the hash of the whole value, its family
 * remembering the access tokens issued from it for cascade revocation.
 */
@ApplicationScoped
public class RefreshTokenIssuer {
    /** Access token ids kept per family for cascade revocation; older ones have expired by then. */
    static final int MAX_TRACKED_ACCESS_TOKENS = 50;

    private final RefreshTokenStore store;
    private final TokenLifetimes lifetimes;
    private final Clock clock;

    public RefreshTokenIssuer(RefreshTokenStore store, TokenLifetimes lifetimes, Clock clock) {
        this.store = store;
        this.lifetimes = lifetimes;
        this.clock = clock;
    }

    /**
     * Stores the context's new family ({@link IssuanceContext#refreshFamilyId()}) with its first
     * token, which remembers the grant ({@link #grantRecord}).
     *
     * @return the refresh token value, shown to the client once
     */
    public Uni<String> start(IssuanceContext context, IssuedAccessToken accessToken) {
        String familyId = context.refreshFamilyId();
        long now = clock.instant().getEpochSecond();
        long familyExpires = now + lifetimes.refreshFamily().toSeconds();
        RefreshFamilyRecord family = RefreshFamilyRecord.newBuilder()
                .setClientId(context.client().getClientId())
                .setSubject(context.subject())
                .setCreatedAt(now)
                .setExpiresAt(familyExpires)
                .addAccessTokenJti(accessToken.jti())
                .setAccessTokenMaxExp(accessToken.expiresAt())
                .build();
        String token = TokenShape.newRefreshToken(familyId);
        RefreshTokenRecord record = successor(grantRecord(context), context.client(), familyExpires);
        return store.create(familyId, family, TokenHash.of(token), record)
                .map(created -> {
                    if (!created) {
                        throw new IllegalStateException("Refresh family id collision");
                    }
                    return token;
                });
    }

    /**
     * What every token of the family remembers of the grant, so a refresh issues for the same
     * user, authentication and resources (RFC 6749 §6): subject, scope, {@code auth_time},
     * {@code acr}, session, nonce, RFC 8707 resources.
     */
    public static RefreshTokenRecord grantRecord(IssuanceContext context) {
        return RefreshTokenRecord.newBuilder()
                .setFamilyId(context.refreshFamilyId())
                .setSubject(context.subject())
                .setScope(context.scope().toString())
                .setAuthTime(context.authTime())
                .addAllResource(context.resources())
                .setSessionId(context.sessionId())
                .setNonce(context.nonce())
                .setAcr(context.acr())
                .build();
    }

    /** The record of a next token: same grant, fresh issue time, expiry capped by the family's. */
    public RefreshTokenRecord successor(RefreshTokenRecord grant, Client client, long familyExpiresAt) {
        long now = clock.instant().getEpochSecond();
        long expires = Math.min(now + lifetimes.refreshToken(client).toSeconds(), familyExpiresAt);
        return grant.toBuilder().setClientId(client.getClientId()).setIssuedAt(now).setExpiresAt(expires)
                .setSpent(false).build();
    }

    /** The family with one more access token tracked. */
    public static RefreshFamilyRecord track(RefreshFamilyRecord family, IssuedAccessToken accessToken) {
        List<String> jtis = family.getAccessTokenJtiList();
        RefreshFamilyRecord.Builder b = family.toBuilder().clearAccessTokenJti()
                .addAllAccessTokenJti(jtis.subList(Math.max(0, jtis.size() - MAX_TRACKED_ACCESS_TOKENS + 1), jtis.size()))
                .addAccessTokenJti(accessToken.jti())
                .setAccessTokenMaxExp(Math.max(family.getAccessTokenMaxExp(), accessToken.expiresAt()));
        return b.build();
    }
}
