package dev.portcullis.authorize.authorization.check;

import dev.portcullis.authorize.authorization.request.AuthorizationParameters;
import dev.portcullis.rules.client.ClientCredentials;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.SpaceDelimited;
import dev.portcullis.proto.client.v1.Client;
import java.util.regex.Pattern;

/**
 * RFC 7636 §4.3 and §4.4.1, RFC 9700 §2.1.1: a code request carries a {@code code_challenge}
 * when the client is public, registered {@code require_pkce}, or the operator requires PKCE of
 * all; the method is S256 ({@code plain}, also the default when the method is omitted, only for
 * clients registered with {@code allow_plain_pkce}); the challenge is 43 to 128 unreserved
 * characters (exactly 43 base64url characters for S256).
 */
public final class PkceChallenge implements AuthorizationCheck {
    private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    private static final Pattern S256 = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final boolean requiredForAll;

    public PkceChallenge(boolean requiredForAll) {
        this.requiredForAll = requiredForAll;
    }

    @Override
    public void check(AuthorizationParameters params, Client client) {
        String type = params.get("response_type");
        if (!SpaceDelimited.values(type).contains("code")) {
            return;
        }
        String challenge = params.get("code_challenge");
        String method = params.get("code_challenge_method");
        if (challenge == null) {
            boolean required = requiredForAll || client.getRequirePkce()
                    || ClientCredentials.NONE.equals(client.getTokenEndpointAuthMethod());
            if (required) {
                throw OAuthError.INVALID_REQUEST.exception("code_challenge is required (PKCE)");
            }
            if (method != null) {
                throw OAuthError.INVALID_REQUEST.exception("code_challenge_method without code_challenge");
            }
            return;
        }
        String effective = method == null ? "plain" : method;
        if ("S256".equals(effective)) {
            if (!S256.matcher(challenge).matches()) {
                throw OAuthError.INVALID_REQUEST.exception("Malformed code_challenge");
            }
        } else if ("plain".equals(effective) && client.getAllowPlainPkce()) {
            if (!CHALLENGE.matcher(challenge).matches()) {
                throw OAuthError.INVALID_REQUEST.exception("Malformed code_challenge");
            }
        } else {
            throw OAuthError.INVALID_REQUEST.exception("code_challenge_method must be S256");
        }
    }
}
