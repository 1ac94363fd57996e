package dev.portcullis.token.password;

import dev.portcullis.contract.oauth.GrantType;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.Scope;
import dev.portcullis.proto.client.v1.Client;
import dev.portcullis.token.client.UserDirectoryClient;
import dev.portcullis.token.grant.TokenGrant;
import dev.portcullis.token.grant.TokenRequest;
import dev.portcullis.token.grant.TokenResponse;
import dev.portcullis.token.issue.AudienceResolver;
import dev.portcullis.token.issue.ScopePolicy;
import dev.portcullis.token.issue.UserGrant;
import dev.portcullis.token.issue.UserTokens;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * RFC 6749 §4.3 resource owner password credentials, for migrations only: the token endpoint lets
 * only clients registered with the {@code password} grant type reach it. The password is checked
 * by authorize-service's UserDirectory with the login page's rate limits, and never logged.
 */
@ApplicationScoped
public final class PasswordGrant implements TokenGrant {
    private final UserDirectoryClient users;
    private final UserTokens tokens;
    private final AudienceResolver audiences;

    public PasswordGrant(UserDirectoryClient users, UserTokens tokens, AudienceResolver audiences) {
        this.users = users;
        this.tokens = tokens;
        this.audiences = audiences;
    }

    @Override
    public GrantType type() {
        return GrantType.PASSWORD;
    }

    @Override
    public Uni<TokenResponse> handle(TokenRequest request, Client client) {
        String username = request.required("username");
        String password = request.required("password");
        Scope scope = ScopePolicy.grantable(client, request.optional("scope").orElse(null));
        List<String> audience = audiences.resolve(client, request.resources());
        return users.authenticate(username, password, client.getClientId(), request.clientAddress()).chain(r -> {
            if (!r.getAuthenticated()) {
                OAuthError error = OAuthError.TEMPORARILY_UNAVAILABLE.code().equals(r.getError())
                        ? OAuthError.TEMPORARILY_UNAVAILABLE : OAuthError.INVALID_GRANT;
                return Uni.createFrom().failure(error.exception(error == OAuthError.INVALID_GRANT
                        ? "The resource owner credentials are invalid" : "Too many failed attempts, retry later"));
            }
            UserGrant grant = new UserGrant(client, r.getSubject(), scope, audience, request.resources(), r.getAuthTime(),
                    null, List.of("pwd"), null, null, client.getGrantTypesList().contains(GrantType.REFRESH_TOKEN.value()),
                    scope.contains(Scope.OPENID), null);
            return tokens.issue(grant).map(issued -> issued.response());
        });
    }
}
