package dev.portcullis.token.refresh;

import dev.portcullis.contract.TokenHash;
import dev.portcullis.contract.TokenShape;
import dev.portcullis.contract.oauth.ClientAuthMethod;
import dev.portcullis.rules.revocation.FamilyRevocation;
import dev.portcullis.contract.oauth.GrantType;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthException;
import dev.portcullis.contract.oauth.Scope;
import dev.portcullis.proto.client.v1.Client;
import dev.portcullis.proto.records.v1.RefreshFamilyRecord;
import dev.portcullis.proto.records.v1.RefreshTokenRecord;
import dev.portcullis.token.grant.TokenGrant;
import dev.portcullis.token.grant.TokenRequest;
import dev.portcullis.token.grant.TokenResponse;
import dev.portcullis.token.issue.AccessTokenIssuer;
import dev.portcullis.token.issue.AudienceResolver;
import dev.portcullis.token.issue.IssuanceContext;
import dev.portcullis.token.issue.RefreshTokenIssuer;
import dev.portcullis.token.store.RefreshTokenStore;
import dev.portcullis.token.store.RefreshTokenStore.Lookup;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;

/**
 * RFC 6749 §6 refresh. The requested scope may narrow, never widen. With rotation (per client,
 * always for public clients) the presented token is spent and a successor issued; presenting a
 * spent token revokes the whole family (RFC 9700 §4.14.2). Two Redis round trips: one read,
 * one atomic compare-and-set.
 */
@ApplicationScoped
public final class RefreshTokenGrant implements TokenGrant {
    private final RefreshTokenStore store;
    private final RefreshTokenIssuer refreshTokens;
    private final AccessTokenIssuer accessTokens;
    private final AudienceResolver audiences;
    private final FamilyRevocation revocation;
    private final Clock clock;

    public RefreshTokenGrant(RefreshTokenStore store, RefreshTokenIssuer refreshTokens, AccessTokenIssuer accessTokens,
            AudienceResolver audiences, FamilyRevocation revocation, Clock clock) {
        this.store = store;
        this.refreshTokens = refreshTokens;
        this.accessTokens = accessTokens;
        this.audiences = audiences;
        this.revocation = revocation;
        this.clock = clock;
    }

    @Override
    public GrantType type() {
        return GrantType.REFRESH_TOKEN;
    }

    @Override
    public Uni<TokenResponse> handle(TokenRequest request, Client client) {
        String presented = request.required("refresh_token");
        String familyId = TokenShape.familyOf(presented).orElseThrow(RefreshTokenGrant::invalid);
        String hash = TokenHash.of(presented);
        return store.find(familyId, hash).chain(found -> {
            Lookup read = found.orElseThrow(RefreshTokenGrant::invalid);
            RefreshTokenRecord token = read.token();
            RefreshFamilyRecord family = read.family();
            long now = clock.instant().getEpochSecond();
            if (!token.getClientId().equals(client.getClientId())) {
                throw invalid().withLogDetail("refresh token of another client");
            }
            if (family.getRevoked() || token.getExpiresAt() <= now || family.getExpiresAt() <= now) {
                throw invalid();
            }
            if (token.getSpent()) {
                return revocation.revoke(familyId).chain(() -> Uni.createFrom().failure(
                        invalid().withLogDetail("spent refresh token presented: its family was revoked")));
            }
            return refresh(request, client, read, familyId, hash);
        });
    }

    private Uni<TokenResponse> refresh(TokenRequest request, Client client, Lookup read, String familyId, String hash) {
        RefreshTokenRecord token = read.token();
        Scope original = Scope.parse(token.getScope());
        Scope requested = Scope.parse(request.optional("scope").orElse(null));
        if (!requested.isSubsetOf(original)) {
            throw OAuthError.INVALID_SCOPE.exception("The requested scope exceeds the scope originally granted");
        }
        Scope scope = requested.isEmpty() ? original : requested;
        List<String> resources = request.resources().isEmpty() ? token.getResourceList() : request.resources();
        if (!request.resources().isEmpty() && !token.getResourceList().isEmpty()
                && !token.getResourceList().containsAll(request.resources())) {
            throw OAuthError.INVALID_TARGET.exception("resource was not part of the original grant");
        }
        boolean rotate = client.getRotateRefreshTokens() || ClientAuthMethod.NONE.isRegisteredFor(client);
        IssuanceContext context = context(token, familyId, client, scope, audiences.resolve(client, resources), resources);
        return accessTokens.issue(context).chain(access -> {
            RefreshFamilyRecord family = RefreshTokenIssuer.track(read.family(), access);
            String next = rotate ? TokenShape.newRefreshToken(familyId) : null;
            RefreshTokenRecord replacement = rotate ? token.toBuilder().setSpent(true).build() : token;
            RefreshTokenRecord successor = rotate ? refreshTokens.successor(token, client, read.family().getExpiresAt()) : null;
            return store.commit(read, familyId, hash, replacement, family, next == null ? null : TokenHash.of(next), successor)
                    .chain(result -> switch (result) {
                        case DONE -> Uni.createFrom().item(access.response(next, null));
                        // Another request used this very token at the same moment: reuse (RFC 9700 §4.14.2).
                        case TOKEN_CHANGED -> revocation.revoke(familyId).chain(() -> Uni.createFrom().<TokenResponse>failure(
                                invalid().withLogDetail("concurrent use of one refresh token: its family was revoked")));
                        case FAMILY_CHANGED -> Uni.createFrom().failure(invalid().withLogDetail("family changed concurrently"));
                    });
        });
    }

    /**
     * The grant the token remembers (RFC 6749 §6): the same user, with the {@code auth_time},
     * {@code acr}, session and nonce of the original authentication, in the same family; the scope
     * and resources possibly narrowed by this request.
     */
    static IssuanceContext context(RefreshTokenRecord token, String familyId, Client client, Scope scope,
            List<String> audience, List<String> resources) {
        return IssuanceContext.forUser(GrantType.REFRESH_TOKEN, client, token.getSubject())
                .authentication(token.getAuthTime(), token.getAcr(), List.of())
                .sessionId(token.getSessionId())
                .nonce(token.getNonce())
                .scope(scope)
                .audience(audience, resources)
                .refreshFamilyId(familyId)
                .build();
    }

    private static OAuthException invalid() {
        return OAuthError.INVALID_GRANT.exception("The refresh token is invalid, expired or revoked");
    }
}
