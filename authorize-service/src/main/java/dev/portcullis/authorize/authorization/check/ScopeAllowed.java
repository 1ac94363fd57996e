package dev.portcullis.authorize.authorization.check;

import dev.portcullis.authorize.request.AuthorizationParameters;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.Scope;
import dev.portcullis.proto.client.v1.Client;

/**
 * RFC 6749 §3.3: the requested scope is well-formed and within the client's registered scope
 * (when it registered one); an omitted scope means the registered scope, and with neither the
 * request is refused with {@code invalid_scope}.
 */
public final class ScopeAllowed implements AuthorizationCheck {
    @Override
    public void check(AuthorizationParameters params, Client client) {
        Scope requested = Scope.parse(params.get("scope"));
        Scope registered = Scope.parse(client.getScope());
        if (requested.isEmpty() && registered.isEmpty()) {
            throw OAuthError.INVALID_SCOPE.exception("scope is required");
        }
        if (!registered.isEmpty() && !requested.isSubsetOf(registered)) {
            throw OAuthError.INVALID_SCOPE.exception("The requested scope exceeds what the client may request");
        }
    }

    /** The effective scope of a request that passed this check. */
    public static Scope effective(AuthorizationParameters params, Client client) {
        Scope requested = Scope.parse(params.get("scope"));
        return requested.isEmpty() ? Scope.parse(client.getScope()) : requested;
    }
}
