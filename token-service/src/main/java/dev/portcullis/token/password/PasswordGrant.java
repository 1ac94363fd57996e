package dev.portcullis.token.password;

import dev.portcullis.contract.oauth.GrantType;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthException;
import dev.portcullis.contract.oauth.Scope;
import dev.portcullis.proto.client.v1.Client;
import dev.portcullis.proto.user.v1.AuthenticateUserResponse;
import dev.portcullis.rules.admin.AdminScope;
import dev.portcullis.token.client.UserDirectoryClient;
import dev.portcullis.token.grant.TokenGrant;
import dev.portcullis.token.grant.TokenRequest;
import dev.portcullis.token.grant.TokenResponse;
import dev.portcullis.token.issue.AudienceResolver;
import dev.portcullis.token.issue.IssuanceContext;
import dev.portcullis.token.issue.ScopePolicy;
import dev.portcullis.token.issue.UserTokens;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/**
 * RFC 6749 §4.3 resource owner password credentials, for migrations only: the token endpoint lets
 * only clients registered with the {@code password} grant type reach it. The password is checked
 * by authorize-service's UserDirectory with the login page's throttle (per account and client
 * address, the address resolved through the trusted proxies), and never logged.
 */
@ApplicationScoped
public final class PasswordGrant implements TokenGrant {
    /** {@code amr} of a password check (RFC 8176 §2). */
    private static final List<String> PASSWORD_AMR = List.of("pwd");

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
        // Admin scopes reach a person only through the code flow, where their admin roles are checked.
        Scope scope = AdminScope.withoutAdmin(
                ScopePolicy.grantable(client, Scope.parse(request.optional("scope").orElse(null))));
        List<String> audience = audiences.resolve(client, request.resources());
        return users.authenticate(username, password, client.getClientId(), request.clientAddress()).chain(r -> {
            if (!r.getAuthenticated()) {
                return Uni.createFrom().failure(refusal(r));
            }
            return tokens.issue(context(r, client, scope, audience, request.resources()));
        });
    }

    /**
     * A throttled attempt (the login page's throttle, per account and address) is 429
     * {@code too_many_requests} with {@code Retry-After}; anything else RFC 6749 §5.2 invalid_grant.
     */
    static OAuthException refusal(AuthenticateUserResponse r) {
        if (OAuthError.TOO_MANY_REQUESTS.code().equals(r.getError())) {
            return OAuthError.TOO_MANY_REQUESTS.exception("Too many failed attempts, retry later")
                    .withRetryAfter(Duration.ofSeconds(Math.max(1, r.getRetryAfterSeconds())));
        }
        return OAuthError.INVALID_GRANT.exception("The resource owner credentials are invalid");
    }

    /** The user UserDirectory authenticated, by password ({@code amr} {@code pwd}) at its {@code auth_time}. */
    static IssuanceContext context(AuthenticateUserResponse user, Client client, Scope scope, List<String> audience,
            List<String> resources) {
        return IssuanceContext.forUser(GrantType.PASSWORD, client, user.getSubject())
                .authentication(user.getAuthTime(), "", PASSWORD_AMR)
                .scope(scope)
                .audience(audience, resources)
                .refreshFamilyIfOffered()
                .build();
    }
}
