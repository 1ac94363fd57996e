package dev.portcullis.token.issue;

import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.proto.client.v1.Client;
import dev.portcullis.token.config.PortcullisConfig;
import dev.portcullis.token.config.TokenConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * The {@code aud} of an access token (RFC 9068 §3): the RFC 8707 resource indicators when the
 * request has any, else the client's default audience, else {@code oauth.token.access-token.default-audience},
 * else the issuer. A resource indicator must be an absolute URI without fragment and one of the
 * client's registered {@code allowed_resources} (RFC 8707 §2: the server decides which resources a
 * client may target); a client that registered none may request none.
 */
@ApplicationScoped
public class AudienceResolver {
    private final List<String> fallback;

    public AudienceResolver(TokenConfig config, PortcullisConfig portcullis) {
        this.fallback = config.accessToken().defaultAudience().filter(l -> !l.isEmpty())
                .orElse(List.of(portcullis.issuer()));
    }

    /** @throws dev.portcullis.contract.oauth.OAuthException invalid_target (RFC 8707 §2) for a malformed or unregistered resource */
    public List<String> resolve(Client client, List<String> resources) {
        if (!resources.isEmpty()) {
            resources.forEach(resource -> checkResource(client, resource));
            return List.copyOf(resources);
        }
        if (client.getDefaultAudienceCount() > 0) {
            return List.copyOf(client.getDefaultAudienceList());
        }
        return fallback;
    }

    static void checkResource(Client client, String resource) {
        try {
            URI uri = new URI(resource);
            if (!uri.isAbsolute() || uri.getFragment() != null) {
                throw OAuthError.INVALID_TARGET.exception("resource must be an absolute URI without a fragment");
            }
        } catch (URISyntaxException e) {
            throw OAuthError.INVALID_TARGET.exception("resource must be an absolute URI without a fragment");
        }
        if (!client.getAllowedResourcesList().contains(resource)) {
            throw OAuthError.INVALID_TARGET.exception("resource is not registered for this client")
                    .withLogDetail("client " + client.getClientId() + " has no allowed resource " + resource);
        }
    }
}
