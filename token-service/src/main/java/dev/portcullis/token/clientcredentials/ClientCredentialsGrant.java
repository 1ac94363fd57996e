package dev.portcullis.token.clientcredentials;

import dev.portcullis.contract.oauth.ClientAuthMethod;
import dev.portcullis.contract.oauth.GrantType;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.Scope;
import dev.portcullis.proto.client.v1.Client;
import dev.portcullis.token.grant.TokenGrant;
import dev.portcullis.token.grant.TokenRequest;
import dev.portcullis.token.grant.TokenResponse;
import dev.portcullis.token.issue.AccessTokenIssuer;
import dev.portcullis.token.issue.AudienceResolver;
import dev.portcullis.token.issue.IssuanceContext;
import dev.portcullis.token.issue.ScopePolicy;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * RFC 6749 §4.4: a confidential client gets an access token for itself. No refresh token
 * (§4.4.3), no user scopes ({@code openid}, {@code offline_access}). No storage touched for JWTs.
 */
@ApplicationScoped
public final class ClientCredentialsGrant implements TokenGrant {
    private final AccessTokenIssuer accessTokens;
    private final AudienceResolver audiences;

    public ClientCredentialsGrant(AccessTokenIssuer accessTokens, AudienceResolver audiences) {
        this.accessTokens = accessTokens;
        this.audiences = audiences;
    }

    @Override
    public GrantType type() {
        return GrantType.CLIENT_CREDENTIALS;
    }

    @Override
    public Uni<TokenResponse> handle(TokenRequest request, Client client) {
        if (ClientAuthMethod.NONE.isRegisteredFor(client)) {
            throw OAuthError.UNAUTHORIZED_CLIENT.exception("Public clients cannot use client_credentials");
        }
        Scope requested = Scope.parse(request.optional("scope").orElse(null));
        if (requested.contains(Scope.OPENID) || requested.contains(Scope.OFFLINE_ACCESS)) {
            throw OAuthError.INVALID_SCOPE.exception("openid and offline_access need a user");
        }
        Scope scope = ScopePolicy.grantable(client, requested);
        if (requested.isEmpty()) {
            Scope userScopes = Scope.of(List.of(Scope.OPENID, Scope.OFFLINE_ACCESS));
            scope = Scope.of(scope.tokens().stream().filter(s -> !userScopes.contains(s)).toList());
        }
        IssuanceContext context = IssuanceContext.forClient(client, scope, audiences.resolve(client, request.resources()));
        return accessTokens.issue(context).map(at -> at.response(null, null));
    }
}
