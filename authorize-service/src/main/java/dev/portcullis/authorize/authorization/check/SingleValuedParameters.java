package dev.portcullis.authorize.authorization.check;

import dev.portcullis.authorize.request.AuthorizationParameters;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.proto.client.v1.Client;
import java.util.List;

/**
 * RFC 6749 §3.1: "Request and response parameters MUST NOT be included more than once", except
 * RFC 8707 {@code resource}, which names one resource per occurrence (§2).
 */
public final class SingleValuedParameters implements AuthorizationCheck {
    @Override
    public void check(AuthorizationParameters params, Client client) {
        List<String> repeated = params.repeatedNames().stream()
                .filter(name -> !AuthorizationParameters.RESOURCE.equals(name)).toList();
        if (!repeated.isEmpty()) {
            throw OAuthError.INVALID_REQUEST.exception("Parameter repeated: " + repeated.get(0));
        }
    }
}
