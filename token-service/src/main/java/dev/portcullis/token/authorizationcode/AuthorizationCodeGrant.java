package dev.portcullis.token.authorizationcode;

import dev.portcullis.contract.TokenHash;
import dev.portcullis.contract.oauth.GrantType;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthException;
import dev.portcullis.contract.oauth.Scope;
import dev.portcullis.proto.client.v1.Client;
import dev.portcullis.proto.records.v1.AuthorizationCodeRecord;
import dev.portcullis.proto.records.v1.CodeRedemptionRecord;
import dev.portcullis.rules.pkce.CodeVerifier;
import dev.portcullis.rules.revocation.AccessTokenRevocation;
import dev.portcullis.rules.revocation.FamilyRevocation;
import dev.portcullis.token.grant.TokenGrant;
import dev.portcullis.token.grant.TokenRequest;
import dev.portcullis.token.grant.TokenResponse;
import dev.portcullis.token.issue.AccessTokenIssuer;
import dev.portcullis.token.issue.AudienceResolver;
import dev.portcullis.token.issue.IssuanceContext;
import dev.portcullis.token.issue.IssuedAccessToken;
import dev.portcullis.token.issue.UserTokens;
import dev.portcullis.token.store.AuthorizationCodeStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * RFC 6749 §4.1.3 authorization code exchange: the code is taken once (GETDEL), must belong to
 * the client, {@code redirect_uri} must be identical to the authorization request's, and the
 * PKCE verifier must match (RFC 7636 §4.6, by {@code rules}' {@link CodeVerifier}, the rule
 * authorize-service accepted the challenge by). A replayed code fails with invalid_grant and revokes
 * what its first redemption issued (§4.1.2, RFC 9700 §4.2.1). The ID token's user claims come
 * from the code record (authorize-service read them when it issued the code); only a record
 * without them, written by an older authorize-service, makes the ID token ask UserDirectory.
 */
@ApplicationScoped
public final class AuthorizationCodeGrant implements TokenGrant {
    /** How long a redeemed code is remembered, at least, so that its replay still revokes. */
    static final Duration REPLAY_WINDOW = Duration.ofMinutes(10);

    private final AuthorizationCodeStore codes;
    private final AccessTokenIssuer accessTokens;
    private final UserTokens tokens;
    private final AudienceResolver audiences;
    private final FamilyRevocation families;
    private final AccessTokenRevocation accessTokenRevocation;
    private final Clock clock;

    public AuthorizationCodeGrant(AuthorizationCodeStore codes, AccessTokenIssuer accessTokens, UserTokens tokens,
            AudienceResolver audiences, FamilyRevocation families, AccessTokenRevocation accessTokenRevocation, Clock clock) {
        this.codes = codes;
        this.accessTokens = accessTokens;
        this.tokens = tokens;
        this.audiences = audiences;
        this.families = families;
        this.accessTokenRevocation = accessTokenRevocation;
        this.clock = clock;
    }

    @Override
    public GrantType type() {
        return GrantType.AUTHORIZATION_CODE;
    }

    @Override
    public Uni<TokenResponse> handle(TokenRequest request, Client client) {
        String codeHash = TokenHash.of(request.required("code"));
        return codes.take(codeHash).chain(found -> found
                .map(code -> redeem(request, client, codeHash, code))
                .orElseGet(() -> replayed(codeHash, client.getClientId())));
    }

    private Uni<TokenResponse> redeem(TokenRequest request, Client client, String codeHash, AuthorizationCodeRecord code) {
        Instant now = clock.instant();
        if (!code.getClientId().equals(client.getClientId())) {
            throw invalid().withLogDetail("code of another client");
        }
        if (code.getExpiresAt() <= now.getEpochSecond()) {
            throw invalid().withLogDetail("code expired");
        }
        String redirectUri = request.optional("redirect_uri").orElse("");
        if (!code.getRedirectUri().equals(redirectUri)) {
            throw invalid().withLogDetail("redirect_uri differs from the authorization request");
        }
        CodeVerifier.verify(client, code.getCodeChallenge(), code.getCodeChallengeMethod(),
                request.optional("code_verifier").orElse(null));
        List<String> resources = resources(request, code);
        IssuanceContext context = context(code, client, audiences.resolve(client, resources), resources);
        Instant until = Instant.ofEpochSecond(Math.max(code.getExpiresAt(), now.plus(REPLAY_WINDOW).getEpochSecond()));
        // The redemption record is written while the ID token is signed and the family stored,
        // so the exchange waits for two Redis round trips (GETDEL, then both writes at once).
        return accessTokens.issue(context).chain(access -> Uni.combine().all()
                .unis(codes.remember(codeHash, redemption(context, access), until), tokens.issueWith(context, access))
                .with((remembered, response) -> response));
    }

    /**
     * The grant the code carries (RFC 6749 §4.1.2, OIDC Core §3.1.2.1): the user, how and when
     * they authenticated, the session and nonce for the ID token, the scope and resources granted,
     * the claims authorize-service released; a new refresh family when the client may refresh.
     */
    static IssuanceContext context(AuthorizationCodeRecord code, Client client, List<String> audience,
            List<String> resources) {
        return IssuanceContext.forUser(GrantType.AUTHORIZATION_CODE, client, code.getSubject())
                .authentication(code.getAuthTime(), code.getAcr(), code.getAmrList())
                .sessionId(code.getSessionId())
                .nonce(code.getNonce())
                .scope(Scope.parse(code.getScope()))
                .audience(audience, resources)
                .claimsJson(code.getClaimsJson())
                .refreshFamilyIfOffered()
                .build();
    }

    /** What a replay of the code revokes (RFC 6749 §4.1.2): the access token and the refresh family. */
    static CodeRedemptionRecord redemption(IssuanceContext context, IssuedAccessToken access) {
        return CodeRedemptionRecord.newBuilder()
                .addAccessTokenJti(access.jti())
                .setAccessTokenExp(access.expiresAt())
                .setRefreshFamilyId(context.refreshFamilyId())
                .build();
    }

    /** RFC 8707 §2.2: a token request may narrow the resources granted at authorization, not add to them. */
    private static List<String> resources(TokenRequest request, AuthorizationCodeRecord code) {
        if (request.resources().isEmpty()) {
            return code.getResourceList();
        }
        if (!code.getResourceList().isEmpty() && !code.getResourceList().containsAll(request.resources())) {
            throw OAuthError.INVALID_TARGET.exception("resource was not part of the authorization request");
        }
        return request.resources();
    }

    private Uni<TokenResponse> replayed(String codeHash, String clientId) {
        return codes.takeRedemption(codeHash).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().failure(invalid());
            }
            CodeRedemptionRecord r = found.get();
            Uni<?> family = r.getRefreshFamilyId().isEmpty() ? Uni.createFrom().voidItem() : families.revoke(r.getRefreshFamilyId());
            return family.chain(() -> accessTokenRevocation.revoke(r.getAccessTokenJtiList(), r.getAccessTokenExp(), clientId))
                    .chain(() -> Uni.createFrom().failure(invalid().withLogDetail("code replayed: its tokens were revoked")));
        });
    }

    private static OAuthException invalid() {
        return OAuthError.INVALID_GRANT.exception("The authorization code is invalid, expired or already used");
    }
}
