package dev.portcullis.registry.registration;

import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.registry.model.ApplicationType;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * Which redirect URIs a client may register (RFC 6749 §3.1.2, RFC 8252 §7, RFC 9700 §2.1):
 * absolute, without fragment; {@code https} in general; {@code http} only on a loopback host
 * (127.0.0.1, [::1], localhost, any port), always for native apps (RFC 8252 §7.3) and for web
 * apps when local development is allowed; private-use schemes in reverse-domain form
 * (RFC 8252 §7.1, e.g. {@code com.example.app:/cb}) for native apps only.
 */
public final class RedirectUriRule {
    private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "[::1]", "localhost");

    private final boolean allowHttpLoopbackForWebApps;

    public RedirectUriRule(boolean allowHttpLoopbackForWebApps) {
        this.allowHttpLoopbackForWebApps = allowHttpLoopbackForWebApps;
    }

    /**
     * @param field the metadata member, for the error description
     * @throws dev.portcullis.contract.oauth.OAuthException invalid_redirect_uri
     */
    public void check(String value, ApplicationType type, String field) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw refuse(field + " contains a value that is not a URI");
        }
        if (!uri.isAbsolute()) {
            throw refuse(field + " must contain absolute URIs");
        }
        if (uri.getRawFragment() != null || value.contains("#")) {
            throw refuse(field + " must not contain a fragment");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "https" -> requireHost(uri, field);
            case "http" -> {
                requireHost(uri, field);
                boolean loopback = isLoopback(uri);
                boolean allowed = loopback && (type == ApplicationType.NATIVE || allowHttpLoopbackForWebApps);
                if (!allowed) {
                    throw refuse(field + ": http is accepted only on a loopback address");
                }
            }
            default -> {
                if (type != ApplicationType.NATIVE) {
                    throw refuse(field + ": only https (or http on loopback) for web applications");
                }
                if (!scheme.contains(".")) {
                    throw refuse(field + ": a private-use scheme must be a reverse domain name (RFC 8252 §7.1)");
                }
            }
        }
    }

    private static void requireHost(URI uri, String field) {
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw refuse(field + " must name a host and no user information");
        }
    }

    private static boolean isLoopback(URI uri) {
        return LOOPBACK_HOSTS.contains(uri.getHost().toLowerCase(Locale.ROOT));
    }

    private static dev.portcullis.contract.oauth.OAuthException refuse(String description) {
        return OAuthError.INVALID_REDIRECT_URI.exception(description);
    }
}
