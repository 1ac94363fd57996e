package dev.portcullis.authorize.userinfo;

import dev.portcullis.contract.oauth.Scope;

/** What a valid access token says: whose it is and what it allows. */
public record VerifiedAccessToken(String subject, Scope scope, String clientId) {
}
