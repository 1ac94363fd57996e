package dev.portcullis.registry.registration;

import dev.portcullis.contract.oauth.GrantType;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthException;
import dev.portcullis.registry.model.ClientMetadata;
import java.util.List;
import java.util.Set;

/**
 * What a client registered without an initial access token may never have (RFC 7591 §3,
 * "open" registration): the {@code password} grant (RFC 6749 §4.3: the client would see the
 * user's password), the {@code implicit} grant (tokens in the front channel, RFC 9700 §2.1.2),
 * introspection rights, a default audience, or resource indicators outside the operator's
 * allow-list ({@code oauth.registry.registration.open.allowed-resources}).
 *
 * <p>Asking for any of them is refused with {@code invalid_client_metadata} (RFC 7591 §3.2.2)
 * naming what was refused, rather than silently replaced (which §3.2.1 would allow): a developer
 * then sees at once why the client cannot do what they registered it for.
 */
final class OpenRegistrationPolicy {
    private static final Set<String> REFUSED_GRANTS = Set.of(GrantType.PASSWORD.value(), GrantType.IMPLICIT.value());

    private final Set<String> allowedResources;

    OpenRegistrationPolicy(List<String> allowedResources) {
        this.allowedResources = Set.copyOf(allowedResources);
    }

    /**
     * @param json the document as sent, for members that registration otherwise ignores
     * @param metadata the validated metadata
     */
    void check(MetadataJson json, ClientMetadata metadata) {
        for (String grant : metadata.grantTypes()) {
            if (REFUSED_GRANTS.contains(grant)) {
                throw refused("grant_types " + grant + " is not available to self-registered clients");
            }
        }
        if (json.bool("can_introspect").orElse(false)) {
            throw refused("can_introspect is not available to self-registered clients");
        }
        if (!json.strings("default_audience").isEmpty()) {
            throw refused("default_audience is not available to self-registered clients");
        }
        for (String resource : metadata.allowedResources()) {
            if (!allowedResources.contains(resource)) {
                throw refused("allowed_resources names a resource that is not open to self-registered clients");
            }
        }
    }

    private static OAuthException refused(String description) {
        return OAuthError.INVALID_CLIENT_METADATA.exception(description);
    }
}
