package dev.portcullis.token.issue;

import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.Scope;
import dev.portcullis.proto.client.v1.Client;

/** RFC 6749 §3.3: a client gets only scopes it is registered for. */
public final class ScopePolicy {
    private ScopePolicy() {
    }

    /**
     * The scope to grant: the requested one when the client may have all of it, the client's
     * registered scope when none was requested (the §3.3 default).
     *
     * @throws dev.portcullis.contract.oauth.OAuthException invalid_scope
     */
    public static Scope grantable(Client client, Scope requested) {
        Scope allowed = Scope.parse(client.getScope());
        if (requested.isEmpty()) {
            return allowed;
        }
        if (!requested.isSubsetOf(allowed)) {
            throw OAuthError.INVALID_SCOPE.exception("The requested scope exceeds what the client may request");
        }
        return requested;
    }
}
