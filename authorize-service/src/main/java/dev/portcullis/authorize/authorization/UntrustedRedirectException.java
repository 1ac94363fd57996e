package dev.portcullis.authorize.authorization;

import dev.portcullis.contract.oauth.OAuthError;

/**
 * An authorization request whose client or redirect URI cannot be trusted (RFC 6749 §4.1.2.1:
 * missing, invalid or mismatching redirect URI, or unknown client): shown to the person as an
 * error page, never redirected anywhere.
 */
public final class UntrustedRedirectException extends RuntimeException {
    private final OAuthError error;
    private final String description;

    public UntrustedRedirectException(OAuthError error, String description) {
        super(error.code() + ": " + description, null, false, false);
        this.error = error;
        this.description = description;
    }

    public OAuthError error() {
        return error;
    }

    public String description() {
        return description;
    }
}
