package dev.portcullis.authorize.authorization.check;

import dev.portcullis.authorize.request.AuthorizationParameters;
import dev.portcullis.proto.client.v1.Client;

/**
 * One step of the authorization endpoint, run in order once the client and its redirect URI
 * are trusted. A failing step throws an {@link dev.portcullis.contract.oauth.OAuthException},
 * which goes back to the client's redirect URI (RFC 6749 §4.1.2.1).
 */
public interface AuthorizationCheck {
    void check(AuthorizationParameters params, Client client);
}
