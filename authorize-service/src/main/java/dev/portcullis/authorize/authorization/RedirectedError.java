package dev.portcullis.authorize.authorization;

import dev.portcullis.authorize.request.RedirectTarget;
import dev.portcullis.contract.oauth.OAuthException;

/** An error of RFC 6749 §4.1.2.1 / OIDC Core §3.1.2.6 to return to a trusted redirect URI. */
public final class RedirectedError extends RuntimeException {
    private final OAuthException error;
    private final RedirectTarget target;

    public RedirectedError(OAuthException error, RedirectTarget target) {
        super(error.getMessage(), null, false, false);
        this.error = error;
        this.target = target;
    }

    public OAuthException error() {
        return error;
    }

    public RedirectTarget target() {
        return target;
    }
}
