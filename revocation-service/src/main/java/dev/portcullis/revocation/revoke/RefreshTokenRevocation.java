package dev.portcullis.revocation.revoke;

import dev.portcullis.contract.TokenShape;
import dev.portcullis.revocation.config.RevocationConfig;
import dev.portcullis.revocation.store.TokenStateStore;
import dev.portcullis.revocation.token.TokenKind;
import dev.portcullis.rules.revocation.FamilyRevocation;
import dev.portcullis.rules.revocation.FamilyRevocation.Cascade;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Revokes a refresh token and its family (RFC 7009 §2.1, RFC 9700 §4.14) with the rule
 * token-service applies to a reused refresh token ({@link FamilyRevocation}): the family record
 * is marked {@code revoked} keeping its time to live (token-service then refuses every token of
 * the family) and, unless {@code oauth.revocation.revoke-access-tokens-with-refresh-token} is
 * off, every access token the family lists is revoked until the latest of their {@code exp};
 * notices go out for each access token and the family. Then the presented token's record is
 * deleted.
 */
@ApplicationScoped
public class RefreshTokenRevocation implements TokenRevocation {
    private final TokenStateStore store;
    private final FamilyRevocation families;
    private final Cascade cascade;

    public RefreshTokenRevocation(TokenStateStore store, FamilyRevocation families, RevocationConfig config) {
        this.store = store;
        this.families = families;
        this.cascade = config.revokeAccessTokensWithRefreshToken() ? Cascade.ACCESS_TOKENS : Cascade.REFRESH_TOKENS_ONLY;
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
            return families.revoke(familyId, cascade)
                    .chain(() -> store.deleteRefreshToken(familyId, tokenHash))
                    .replaceWith(outcome(clientId, Revocation.Outcome.REVOKED));
        });
    }

    private Revocation outcome(String clientId, Revocation.Outcome outcome) {
        return new Revocation(clientId, kind(), outcome, null);
    }
}
