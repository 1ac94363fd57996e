package dev.portcullis.authorize.authorization;

import dev.portcullis.authorize.authorization.check.AuthorizationCheck;
import dev.portcullis.authorize.authorization.check.OpenIdParameters;
import dev.portcullis.authorize.authorization.check.PkceChallenge;
import dev.portcullis.authorize.authorization.check.ResourceAllowed;
import dev.portcullis.authorize.authorization.check.ResponseModeAllowed;
import dev.portcullis.authorize.authorization.check.ResponseTypeAllowed;
import dev.portcullis.authorize.authorization.check.ScopeAllowed;
import dev.portcullis.authorize.authorization.check.SingleValuedParameters;
import dev.portcullis.authorize.request.AuthorizationParameters;
import dev.portcullis.authorize.request.AuthorizationRequest;
import dev.portcullis.authorize.request.RedirectTarget;
import dev.portcullis.authorize.request.ResponseMode;
import dev.portcullis.authorize.config.AuthorizeConfig;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthException;
import dev.portcullis.contract.oauth.Scope;
import dev.portcullis.contract.oauth.SpaceDelimited;
import dev.portcullis.proto.client.v1.Client;
import dev.portcullis.clients.ClientDirectory;
import dev.portcullis.rules.pkce.CodeChallengeMethod;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The authorization endpoint's checks, in the order RFC 6749 §4.1.2.1 requires: first the
 * client and the redirect URI (a failure there is an error page, never a redirect), then the
 * ordered {@link AuthorizationCheck}s, whose failures go back to the trusted redirect URI.
 */
@ApplicationScoped
public final class AuthorizationValidator {
    private final ClientDirectory clients;
    private final List<AuthorizationCheck> checks;

    public AuthorizationValidator(ClientDirectory clients, AuthorizeConfig config) {
        this.clients = clients;
        this.checks = List.of(
                new SingleValuedParameters(),
                new ResponseTypeAllowed(config.implicitGrantEnabled()),
                new ResponseModeAllowed(),
                new ScopeAllowed(),
                new ResourceAllowed(),
                new PkceChallenge(config.pkce().requiredForAll()),
                new OpenIdParameters());
    }

    /** RFC 7636 §4.3: the method as stored with the code, {@code plain} when the request named none. */
    private static String challengeMethod(String parameter) {
        return CodeChallengeMethod.fromParameter(parameter).map(CodeChallengeMethod::parameterValue).orElse(parameter);
    }

    /**
     * Validates a request.
     *
     * @return the request; fails with {@link UntrustedRedirectException} (show a page) or
     *         {@link RedirectedError} (send to the redirect URI)
     */
    public Uni<AuthorizationRequest> validate(AuthorizationParameters params) {
        if (params.repeated("client_id") || params.get("client_id") == null) {
            return Uni.createFrom().failure(new UntrustedRedirectException(OAuthError.INVALID_REQUEST,
                    "The request does not name exactly one client"));
        }
        String clientId = params.get("client_id");
        if (clientId.length() > 255) {
            return Uni.createFrom().failure(new UntrustedRedirectException(OAuthError.INVALID_CLIENT, "Unknown client"));
        }
        return clients.find(clientId)
                .onFailure(t -> !(t instanceof UntrustedRedirectException)).transform(t ->
                        OAuthError.TEMPORARILY_UNAVAILABLE.exception("The client registry is unavailable"))
                .map(found -> validate(params, found));
    }

    private AuthorizationRequest validate(AuthorizationParameters params, Optional<Client> found) {
        Client client = found.filter(Client::getEnabled)
                .orElseThrow(() -> new UntrustedRedirectException(OAuthError.INVALID_CLIENT, "Unknown client"));
        String redirectUri = trustedRedirectUri(params, client);
        RedirectTarget target = new RedirectTarget(redirectUri, responseMode(params), params.get("state"));
        try {
            for (AuthorizationCheck check : checks) {
                check.check(params, client);
            }
        } catch (OAuthException e) {
            throw new RedirectedError(e, target);
        }
        String maxAge = params.get("max_age");
        return new AuthorizationRequest(params, client, target,
                params.get("redirect_uri") == null ? "" : params.get("redirect_uri"),
                SpaceDelimited.values(params.get("response_type")),
                ScopeAllowed.effective(params, client),
                params.get("nonce"),
                params.get("code_challenge"),
                params.get("code_challenge") == null ? null : challengeMethod(params.get("code_challenge_method")),
                SpaceDelimited.values(params.get("prompt")),
                maxAge == null ? -1 : Long.parseLong(maxAge),
                params.get("login_hint"),
                params.all(AuthorizationParameters.RESOURCE));
    }

    /**
     * RFC 6749 §3.1.2.3 and RFC 9700 §4.1.3: the redirect URI must equal a registered one
     * exactly (simple string comparison). It may be omitted only when exactly one is registered
     * and the request is not an OpenID Connect request (OIDC Core §3.1.2.1 requires it).
     */
    private static String trustedRedirectUri(AuthorizationParameters params, Client client) {
        if (params.repeated("redirect_uri")) {
            throw new UntrustedRedirectException(OAuthError.INVALID_REQUEST, "redirect_uri is repeated");
        }
        String sent = params.get("redirect_uri");
        if (sent == null) {
            boolean openid = SpaceDelimited.values(params.get("scope")).contains(Scope.OPENID);
            if (client.getRedirectUrisCount() == 1 && !openid) {
                return client.getRedirectUris(0);
            }
            throw new UntrustedRedirectException(OAuthError.INVALID_REQUEST, "redirect_uri is required");
        }
        for (String registered : client.getRedirectUrisList()) {
            if (registered.equals(sent)) {
                return registered;
            }
        }
        throw new UntrustedRedirectException(OAuthError.INVALID_REQUEST, "redirect_uri is not registered for this client");
    }

    /** The requested mode when valid, else the default of the response type (fragment when tokens are returned). */
    private static ResponseMode responseMode(AuthorizationParameters params) {
        Set<String> words = SpaceDelimited.values(params.get("response_type"));
        boolean tokens = words.contains("token") || words.contains("id_token");
        Optional<ResponseMode> requested = ResponseMode.fromValue(params.get("response_mode") == null ? "" : params.get("response_mode"));
        if (requested.isPresent() && !(tokens && requested.get() == ResponseMode.QUERY)) {
            return requested.get();
        }
        return tokens ? ResponseMode.FRAGMENT : ResponseMode.QUERY;
    }
}
