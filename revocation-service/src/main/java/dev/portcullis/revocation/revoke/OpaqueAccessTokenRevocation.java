package dev.portcullis.revocation.revoke;

import dev.portcullis.revocation.store.TokenStateStore;
import dev.portcullis.revocation.token.TokenKind;
import dev.portcullis.rules.revocation.RevocationNotices;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Revokes an opaque access token by deleting its record (it is then unknown everywhere) and
 * announcing its hash so every cache drops it.
 */
@ApplicationScoped
public class OpaqueAccessTokenRevocation implements TokenRevocation {
    private final TokenStateStore store;
    private final RevocationNotices notices;

    public OpaqueAccessTokenRevocation(TokenStateStore store, RevocationNotices notices) {
        this.store = store;
        this.notices = notices;
    }

    @Override
    public TokenKind kind() {
        return TokenKind.OPAQUE_ACCESS_TOKEN;
    }

    @Override
    public Uni<Revocation> revoke(String token, String tokenHash, String clientId) {
        return store.opaqueAccessToken(tokenHash).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(new Revocation(clientId, kind(), Revocation.Outcome.UNKNOWN, null));
            }
            String jti = found.get().getJti().isEmpty() ? null : found.get().getJti();
            if (!clientId.equals(found.get().getClientId())) {
                return Uni.createFrom().item(new Revocation(clientId, kind(), Revocation.Outcome.NOT_OWNER, jti));
            }
            return store.deleteOpaqueAccessToken(tokenHash)
                    .chain(() -> notices.opaqueAccessToken(tokenHash))
                    .replaceWith(new Revocation(clientId, kind(), Revocation.Outcome.REVOKED, jti));
        });
    }
}
