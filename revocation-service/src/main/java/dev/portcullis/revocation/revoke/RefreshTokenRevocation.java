package dev.portcullis.revocation.revoke;

import dev.portcullis.contract.TokenShape;
import dev.portcullis.proto.records.v1.RefreshFamilyRecord;
import dev.portcullis.revocation.config.RevocationConfig;
import dev.portcullis.revocation.introspect.TokenKind;
import dev.portcullis.revocation.store.RevocationNotices;
import dev.portcullis.revocation.store.TokenStateStore;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Revokes a refresh token and its family (RFC 7009 §2.1, RFC 9700 §4.14): the family record
 * is marked {@code revoked} keeping its time to live (token-service then refuses every token of
 * the family), the presented token's record is deleted, and, unless
 * {@code oauth.revocation.revoke-access-tokens-with-refresh-token} is off, every access token
 * the family lists is revoked until the latest of their {@code exp}. Notices go out for the
 * family and each access token.
 */
@ApplicationScoped
public class RefreshTokenRevocation implements TokenRevocation {
    private final TokenStateStore store;
    private final RevocationNotices notices;
    private final boolean cascade;

    public RefreshTokenRevocation(TokenStateStore store, RevocationNotices notices, RevocationConfig config) {
        this.store = store;
        this.notices = notices;
        this.cascade = config.revokeAccessTokensWithRefreshToken();
    }

    @Override
    public TokenKind kind() {
        return TokenKind.REFRESH_TOKEN;
    }

    @Override
    public Uni<Revocation> revoke(String token, String tokenHash, String clientId) {
        String familyId = TokenShape.familyOf(token).orElse(null);
        if (familyId == null) {
            return Uni.createFrom().item(outcome(clientId, Revocation.Outcome.UNKNOWN));
        }
        return store.refreshToken(familyId, tokenHash).chain(state -> {
            if (state.token().isEmpty()) {
                return Uni.createFrom().item(outcome(clientId, Revocation.Outcome.UNKNOWN));
            }
            if (!clientId.equals(state.token().get().getClientId())) {
                return Uni.createFrom().item(outcome(clientId, Revocation.Outcome.NOT_OWNER));
            }
            return store.revokeFamily(familyId)
                    .chain(family -> family.map(f -> revokeAccessTokens(f, clientId)).orElse(Uni.createFrom().voidItem()))
                    .chain(() -> store.deleteRefreshToken(familyId, tokenHash))
                    .chain(() -> notices.family(familyId))
                    .replaceWith(outcome(clientId, Revocation.Outcome.REVOKED));
        });
    }

    private Uni<Void> revokeAccessTokens(RefreshFamilyRecord family, String clientId) {
        long exp = family.getAccessTokenMaxExp();
        if (!cascade || exp <= Instant.now().getEpochSecond() || family.getAccessTokenJtiCount() == 0) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(family.getAccessTokenJtiList())
                .onItem().transformToUniAndConcatenate(jti -> store.revokeAccessToken(jti, exp, clientId)
                        .chain(() -> notices.jti(jti)))
                .collect().last()
                .replaceWithVoid();
    }

    private Revocation outcome(String clientId, Revocation.Outcome outcome) {
        return new Revocation(clientId, kind(), outcome, null);
    }
}
