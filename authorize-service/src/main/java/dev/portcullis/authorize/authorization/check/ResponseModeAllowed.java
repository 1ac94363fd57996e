package dev.portcullis.authorize.authorization.check;

import dev.portcullis.authorize.request.AuthorizationParameters;
import dev.portcullis.authorize.request.ResponseMode;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.SpaceDelimited;
import dev.portcullis.proto.client.v1.Client;

/**
 * OAuth 2.0 Multiple Response Type Encoding Practices §2.1 and Form Post Response Mode §2:
 * {@code response_mode} is query, fragment or form_post; tokens never travel in a query (§5).
 */
public final class ResponseModeAllowed implements AuthorizationCheck {
    @Override
    public void check(AuthorizationParameters params, Client client) {
        String value = params.get("response_mode");
        if (value == null) {
            return;
        }
        ResponseMode mode = ResponseMode.fromValue(value)
                .orElseThrow(() -> OAuthError.INVALID_REQUEST.exception("Unsupported response_mode"));
        if (mode == ResponseMode.QUERY && SpaceDelimited.values(params.get("response_type")).contains("token")) {
            throw OAuthError.INVALID_REQUEST.exception("Tokens are never returned in the query");
        }
    }
}
