package dev.portcullis.revocation.introspect;

import dev.portcullis.contract.TokenShape;
import dev.portcullis.proto.records.v1.RefreshFamilyRecord;
import dev.portcullis.proto.records.v1.RefreshTokenRecord;
import dev.portcullis.revocation.store.TokenStateStore;
import dev.portcullis.revocation.token.ActiveToken;
import dev.portcullis.revocation.token.TokenKind;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refresh tokens ({@code <familyId>.<secret>}): the {@code RefreshTokenRecord} exists, is not
 * spent (rotated) and unexpired, and its family exists, is not revoked and unexpired. One
 * Redis round trip (both keys share the family's hash slot). Never cached: rotation by
 * token-service spends a token without a notice.
 */
@ApplicationScoped
public class RefreshTokenLookup implements TokenLookup {
    private final TokenStateStore store;
    private final String issuer;

    public RefreshTokenLookup(TokenStateStore store, @ConfigProperty(name = "portcullis.issuer") String issuer) {
        this.store = store;
        this.issuer = issuer;
    }

    @Override
    public TokenKind kind() {
        return TokenKind.REFRESH_TOKEN;
    }

    @Override
    public boolean cacheable() {
        return false;
    }

    @Override
    public Uni<Optional<ActiveToken>> find(String token, String tokenHash) {
        Optional<String> familyId = TokenShape.familyOf(token);
        if (familyId.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return store.refreshToken(familyId.get(), tokenHash).map(state -> {
            long now = Instant.now().getEpochSecond();
            Optional<RefreshFamilyRecord> family = state.family()
                    .filter(f -> !f.getRevoked() && (f.getExpiresAt() == 0 || f.getExpiresAt() > now));
            return state.token()
                    .filter(t -> !t.getSpent() && t.getExpiresAt() > now && family.isPresent())
                    .map(t -> toActiveToken(t, familyId.get()));
        });
    }

    private ActiveToken toActiveToken(RefreshTokenRecord r, String familyId) {
        return new ActiveToken(OpaqueAccessTokenLookup.emptyToNull(r.getScope()), r.getClientId(), null, null,
                r.getExpiresAt(), r.getIssuedAt(), 0, OpaqueAccessTokenLookup.emptyToNull(r.getSubject()),
                List.of(), issuer, null, familyId);
    }
}
