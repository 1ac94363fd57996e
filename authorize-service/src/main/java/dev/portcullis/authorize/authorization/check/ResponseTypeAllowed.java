package dev.portcullis.authorize.authorization.check;

import dev.portcullis.authorize.request.AuthorizationParameters;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.SpaceDelimited;
import dev.portcullis.proto.client.v1.Client;
import java.util.Set;

/**
 * RFC 6749 §3.1.1 and §4.1.2.1: {@code response_type} is required; {@code code} is served, the
 * implicit {@code token} and OIDC {@code id_token token} only when the operator enabled the legacy
 * implicit grant (RFC 9700 §2.1.2) and the client registered that response type.
 */
public final class ResponseTypeAllowed implements AuthorizationCheck {
    private static final Set<Set<String>> SUPPORTED = Set.of(Set.of("code"), Set.of("token"), Set.of("id_token", "token"));

    private final boolean implicitEnabled;

    public ResponseTypeAllowed(boolean implicitEnabled) {
        this.implicitEnabled = implicitEnabled;
    }

    @Override
    public void check(AuthorizationParameters params, Client client) {
        String value = params.get("response_type");
        if (value == null) {
            throw OAuthError.INVALID_REQUEST.exception("response_type is required");
        }
        Set<String> requested = SpaceDelimited.values(value);
        if (!SUPPORTED.contains(requested)) {
            throw OAuthError.UNSUPPORTED_RESPONSE_TYPE.exception("Unsupported response_type");
        }
        boolean registered = client.getResponseTypesList().isEmpty()
                ? requested.equals(Set.of("code"))
                : client.getResponseTypesList().stream().anyMatch(r -> SpaceDelimited.values(r).equals(requested));
        if (!registered || (requested.contains("token") && !implicitEnabled)) {
            throw OAuthError.UNAUTHORIZED_CLIENT.exception("The client may not use this response_type");
        }
    }
}
