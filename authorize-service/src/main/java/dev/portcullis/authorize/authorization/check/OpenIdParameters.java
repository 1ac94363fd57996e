package dev.portcullis.authorize.authorization.check;

import dev.portcullis.authorize.authorization.AuthorizationParameters;
import dev.portcullis.contract.oauth.OAuthError;
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
        String prompt = params.get("prompt");
        if (prompt != null) {
            Set<String> values = ResponseTypeAllowed.parse(prompt);
            if (!PROMPTS.containsAll(values) || (values.contains("none") && values.size() > 1)) {
                throw OAuthError.INVALID_REQUEST.exception("Invalid prompt");
            }
        }
        String maxAge = params.get("max_age");
        if (maxAge != null && !maxAge.matches("[0-9]{1,9}")) {
            throw OAuthError.INVALID_REQUEST.exception("max_age must be a non-negative integer");
        }
        String type = params.get("response_type");
        if (type != null && ResponseTypeAllowed.parse(type).contains("id_token")) {
            String scope = params.get("scope");
            if (scope == null || !ResponseTypeAllowed.parse(scope).contains("openid")) {
                throw OAuthError.INVALID_SCOPE.exception("id_token requires the openid scope");
            }
            if (params.get("nonce") == null) {
                throw OAuthError.INVALID_REQUEST.exception("nonce is required when an ID token is returned");
            }
        }
    }
}
