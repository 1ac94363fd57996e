package dev.portcullis.authorize.authorization.check;

import dev.portcullis.authorize.request.AuthorizationParameters;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.Scope;
import dev.portcullis.contract.oauth.SpaceDelimited;
import dev.portcullis.proto.client.v1.Client;
import java.util.Set;

/**
 * OIDC Core §3.1.2.1 and §3.2.2.1: {@code prompt} holds known values and {@code none} alone;
 * {@code max_age} is a non-negative integer; {@code nonce} is required when an ID token comes
 * from the authorization endpoint; {@code id_token} needs the {@code openid} scope; OIDC Core §6
 * request objects are not supported.
 */
public final class OpenIdParameters implements AuthorizationCheck {
    private static final Set<String> PROMPTS = Set.of("none", "login", "consent", "select_account");

    @Override
    public void check(AuthorizationParameters params, Client client) {
        if (params.has("request") || params.has("request_uri")) {
            throw OAuthError.INVALID_REQUEST.exception("Request objects are not supported");
        }
        Set<String> prompt = SpaceDelimited.values(params.get("prompt"));
        if (!PROMPTS.containsAll(prompt) || (prompt.contains("none") && prompt.size() > 1)) {
            throw OAuthError.INVALID_REQUEST.exception("Invalid prompt");
        }
        String maxAge = params.get("max_age");
        if (maxAge != null && !maxAge.matches("[0-9]{1,9}")) {
            throw OAuthError.INVALID_REQUEST.exception("max_age must be a non-negative integer");
        }
        if (SpaceDelimited.values(params.get("response_type")).contains("id_token")) {
            if (!SpaceDelimited.values(params.get("scope")).contains(Scope.OPENID)) {
                throw OAuthError.INVALID_SCOPE.exception("id_token requires the openid scope");
            }
            if (params.get("nonce") == null) {
                throw OAuthError.INVALID_REQUEST.exception("nonce is required when an ID token is returned");
            }
        }
    }
}
