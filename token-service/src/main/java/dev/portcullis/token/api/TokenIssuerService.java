package dev.portcullis.token.api;

import dev.portcullis.clients.ClientDirectory;
import dev.portcullis.contract.oauth.GrantType;
import dev.portcullis.contract.oauth.GrpcOAuthStatus;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthException;
import dev.portcullis.contract.oauth.Scope;
import dev.portcullis.contract.oauth.TokenTypes;
import dev.portcullis.proto.client.v1.Client;
import dev.portcullis.proto.token.v1.IssueTokensRequest;
import dev.portcullis.proto.token.v1.IssueTokensResponse;
import dev.portcullis.proto.token.v1.TokenIssuer;
import dev.portcullis.token.issue.AccessTokenIssuer;
import dev.portcullis.token.issue.AudienceResolver;
import dev.portcullis.token.issue.IdTokenIssuer;
import dev.portcullis.token.issue.IssuanceContext;
import dev.portcullis.token.issue.IssuedAccessToken;
import dev.portcullis.token.issue.ScopePolicy;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * gRPC {@code TokenIssuer}: tokens returned from the authorization endpoint (implicit and hybrid
 * flows, OIDC Core §3.2.2.5), minted by the same issuers as {@code /token}. OAuth errors travel
 * as a gRPC status with the {@code oauth-error} trailer.
 */
@GrpcService
public final class TokenIssuerService implements TokenIssuer {
    private final ClientDirectory clients;
    private final AccessTokenIssuer accessTokens;
    private final IdTokenIssuer idTokens;
    private final AudienceResolver audiences;

    public TokenIssuerService(ClientDirectory clients, AccessTokenIssuer accessTokens, IdTokenIssuer idTokens,
            AudienceResolver audiences) {
        this.clients = clients;
        this.accessTokens = accessTokens;
        this.idTokens = idTokens;
        this.audiences = audiences;
    }

    @Override
    public Uni<IssueTokensResponse> issueTokens(IssueTokensRequest r) {
        return Uni.createFrom().deferred(() -> {
            if (r.getSubject().isEmpty() || (!r.getAccessToken() && !r.getIdToken())) {
                throw OAuthError.INVALID_REQUEST.exception("subject and at least one token are required");
            }
            return clients.find(r.getClientId()).chain(found -> {
                Client client = found.filter(Client::getEnabled)
                        .orElseThrow(() -> OAuthError.INVALID_CLIENT.exception("Unknown client"));
                Scope scope = ScopePolicy.grantable(client, Scope.parse(r.getScope()));
                IssuanceContext context = context(r, client, scope,
                        r.getAccessToken() ? audiences.resolve(client, r.getResourceList()) : List.of());
                Uni<IssuedAccessToken> access = r.getAccessToken() ? accessTokens.issue(context) : Uni.createFrom().nullItem();
                return access.chain(at -> (r.getIdToken() ? idTokens.issue(context, at) : Uni.createFrom().<String>nullItem())
                        .map(id -> response(scope, at, id)));
            });
        }).onFailure(OAuthException.class).transform(t -> GrpcOAuthStatus.toStatus((OAuthException) t));
    }

    private static IssueTokensResponse response(Scope scope, IssuedAccessToken at, String id) {
        IssueTokensResponse.Builder b = IssueTokensResponse.newBuilder().setScope(scope.toString());
        if (at != null) {
            b.setAccessToken(at.token()).setTokenType(TokenTypes.BEARER).setExpiresIn(at.expiresIn());
        }
        if (id != null) {
            b.setIdToken(id);
        }
        return b.build();
    }

    /**
     * The grant the authorization endpoint made (OIDC Core §3.2.2.5): the user, the session and
     * nonce, {@code auth_time} and {@code acr}; no refresh token (RFC 6749 §4.2.2), the
     * claims asked of UserDirectory.
     */
    static IssuanceContext context(IssueTokensRequest r, Client client, Scope scope, List<String> audience) {
        return IssuanceContext.forUser(GrantType.IMPLICIT, client, r.getSubject())
                .authentication(r.getAuthTime(), r.getAcr(), List.of())
                .sessionId(r.getSessionId())
                .nonce(r.getNonce())
                .scope(scope)
                .audience(audience, r.getResourceList())
                .build();
    }
}
