package dev.portcullis.authorize.authorization.check;

import dev.portcullis.authorize.request.AuthorizationParameters;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.proto.client.v1.Client;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * RFC 8707 §2: each {@code resource} is an absolute URI without a fragment, and one the client
 * registered in {@code allowed_resources}; otherwise {@code invalid_target}. A client that
 * registered none may request none.
 */
public final class ResourceAllowed implements AuthorizationCheck {
    @Override
    public void check(AuthorizationParameters params, Client client) {
        for (String resource : params.all(AuthorizationParameters.RESOURCE)) {
            if (!absoluteWithoutFragment(resource)) {
                throw OAuthError.INVALID_TARGET.exception("resource must be an absolute URI without a fragment");
            }
            if (!client.getAllowedResourcesList().contains(resource)) {
                throw OAuthError.INVALID_TARGET.exception("resource is not registered for this client");
            }
        }
    }

    private static boolean absoluteWithoutFragment(String resource) {
        try {
            URI uri = new URI(resource);
            return uri.isAbsolute() && uri.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
