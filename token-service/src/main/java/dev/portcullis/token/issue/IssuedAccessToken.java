package dev.portcullis.token.issue;

import dev.portcullis.contract.oauth.Scope;

/** An access token as handed to the client, with what is needed to revoke it later. */
public record IssuedAccessToken(String token, String jti, long issuedAt, long expiresAt, Scope scope) {

    public long expiresIn() {
        return expiresAt - issuedAt;
    }
}
