package dev.portcullis.authorize.authorization.check;

import dev.portcullis.authorize.request.AuthorizationParameters;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.SpaceDelimited;
import dev.portcullis.proto.client.v1.Client;
import dev.portcullis.rules.pkce.CodeChallenge;
import dev.portcullis.rules.pkce.PkcePolicy;

/**
 * RFC 7636 §4.3 and §4.4.1, RFC 9700 §2.1.1, as the shared rule in {@code rules}' {@code pkce}
 * package says: a code request carries a {@code code_challenge} when {@link PkcePolicy} requires
 * it of the client, or the operator requires PKCE of all; the challenge and its method are those
 * {@link CodeChallenge#accept} accepts for this client (the same rule token-service redeems by).
 */
public final class PkceChallenge implements AuthorizationCheck {
    private final boolean requiredForAll;

    public PkceChallenge(boolean requiredForAll) {
        this.requiredForAll = requiredForAll;
    }

    @Override
    public void check(AuthorizationParameters params, Client client) {
        if (!SpaceDelimited.values(params.get("response_type")).contains("code")) {
            return;
        }
        String challenge = params.get("code_challenge");
        String method = params.get("code_challenge_method");
        if (challenge != null) {
            CodeChallenge.accept(client, challenge, method);
        } else if (requiredForAll || PkcePolicy.required(client)) {
            throw OAuthError.INVALID_REQUEST.exception("code_challenge is required (PKCE)");
        } else if (method != null) {
            throw OAuthError.INVALID_REQUEST.exception("code_challenge_method without code_challenge");
        }
    }
}
