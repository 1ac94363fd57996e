package dev.portcullis.revocation.introspect;

import dev.portcullis.contract.oauth.TokenTypes;
import dev.portcullis.proto.records.v1.OpaqueAccessTokenRecord;
import dev.portcullis.revocation.store.TokenStateStore;
import dev.portcullis.revocation.token.ActiveToken;
import dev.portcullis.revocation.token.TokenKind;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Opaque access tokens: the {@code OpaqueAccessTokenRecord} token-service stored under the
 * token's hash, unexpired, and its {@code jti} not revoked (a family revocation by
 * token-service revokes by {@code jti}). Both reads go out together.
 */
@ApplicationScoped
public class OpaqueAccessTokenLookup implements TokenLookup {
    private final TokenStateStore store;
    private final String issuer;

    public OpaqueAccessTokenLookup(TokenStateStore store, @ConfigProperty(name = "portcullis.issuer") String issuer) {
        this.store = store;
        this.issuer = issuer;
    }

    @Override
    public TokenKind kind() {
        return TokenKind.OPAQUE_ACCESS_TOKEN;
    }

    @Override
    public boolean cacheable() {
        return true;
    }

    @Override
    public Uni<Optional<ActiveToken>> find(String token, String tokenHash) {
        return store.opaqueAccessToken(tokenHash).chain(found -> {
            Optional<OpaqueAccessTokenRecord> live = found
                    .filter(r -> r.getExpiresAt() > Instant.now().getEpochSecond());
            if (live.isEmpty()) {
                return Uni.createFrom().item(Optional.<ActiveToken>empty());
            }
            OpaqueAccessTokenRecord r = live.get();
            Uni<Boolean> revoked = r.getJti().isEmpty()
                    ? Uni.createFrom().item(false)
                    : store.isAccessTokenRevoked(r.getJti());
            return revoked.map(isRevoked -> isRevoked ? Optional.<ActiveToken>empty() : Optional.of(toActiveToken(r)));
        });
    }

    private ActiveToken toActiveToken(OpaqueAccessTokenRecord r) {
        return new ActiveToken(emptyToNull(r.getScope()), r.getClientId(), emptyToNull(r.getUsername()),
                TokenTypes.BEARER, r.getExpiresAt(), r.getIssuedAt(), 0, emptyToNull(r.getSubject()),
                r.getAudList(), issuer, emptyToNull(r.getJti()), emptyToNull(r.getRefreshFamilyId()));
    }

    static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
