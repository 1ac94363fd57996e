package dev.portcullis.token.refresh;

import dev.portcullis.token.store.RefreshTokenStore;
import dev.portcullis.token.store.RevocationStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Revokes a refresh token family and every access token issued from it (RFC 9700 §4.14.2,
 * RFC 6749 §4.1.2 for replayed codes): the family is marked revoked atomically, then its access
 * token ids are written as revoked and announced.
 */
@ApplicationScoped
public class FamilyRevocation {
    private final RefreshTokenStore families;
    private final RevocationStore revocations;

    public FamilyRevocation(RefreshTokenStore families, RevocationStore revocations) {
        this.families = families;
        this.revocations = revocations;
    }

    public Uni<Void> revoke(String familyId) {
        return families.revokeFamily(familyId).chain(found -> found
                .map(f -> revocations.revokeAccessTokens(f.getAccessTokenJtiList(), f.getAccessTokenMaxExp(), f.getClientId())
                        .chain(() -> revocations.noticeFamily(familyId)))
                .orElse(Uni.createFrom().voidItem()));
    }
}
