package dev.portcullis.registry.registration;

import dev.portcullis.contract.oauth.ClientAuthMethod;
import dev.portcullis.contract.oauth.GrantType;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthException;
import dev.portcullis.contract.oauth.Scope;
import dev.portcullis.registry.config.RegistryConfig;
import dev.portcullis.registry.model.AccessTokenFormat;
import dev.portcullis.registry.model.ApplicationType;
import dev.portcullis.registry.model.ClientMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.lang.JoseException;

/**
 * Turns a client metadata document into validated {@link ClientMetadata} (RFC 7591 §2), with
 * the defaults of RFC 7591 §2 and of Portcullis. Each rule fails with the RFC 7591 §3.2.2
 * error it calls for: {@code invalid_redirect_uri} for redirect URIs, otherwise
 * {@code invalid_client_metadata}.
 */
@ApplicationScoped
public final class MetadataValidator {
    /**
     * Every member {@link #validate} reads: RFC 7591 §2, OIDC Registration's
     * {@code application_type} and Portcullis' extensions (CONTRIBUTING "Client admin API").
     */
    public static final Set<String> MEMBERS = Set.of("client_name", "redirect_uris", "grant_types",
            "response_types", "token_endpoint_auth_method", "application_type", "scope", "jwks", "jwks_uri",
            "client_uri", "logo_uri", "contacts", "policy_uri", "tos_uri", "software_id", "software_version",
            "access_token_format", "access_token_ttl", "refresh_token_ttl", "id_token_ttl", "skip_consent",
            "rotate_refresh_tokens", "post_logout_redirect_uris", "require_pkce", "allow_plain_pkce",
            "can_introspect", "enabled", "default_audience", "allowed_resources");
    /** Upper bound of every token lifetime setting: one year. */
    static final long MAX_TTL_SECONDS = 366L * 24 * 3600;
    private static final int MAX_TEXT = 255;
    private static final int MAX_RESOURCES = 32;

    private final RedirectUriRule redirectUris;
    private final boolean allowHttpLoopbackJwksUri;

    public MetadataValidator(RegistryConfig config) {
        this.redirectUris = new RedirectUriRule(config.redirectUris().allowHttpLoopbackForWebApps());
        this.allowHttpLoopbackJwksUri = config.assertions().allowHttpLoopbackJwksUri();
    }

    public ClientMetadata validate(MetadataJson json) {
        ApplicationType type = json.string("application_type")
                .map(v -> ApplicationType.fromValue(v).orElseThrow(() -> invalid("Unsupported application_type")))
                .orElse(ApplicationType.WEB);
        ClientAuthMethod method = json.string("token_endpoint_auth_method")
                .map(v -> ClientAuthMethod.fromValue(v).orElseThrow(() -> invalid("Unsupported token_endpoint_auth_method")))
                .orElse(ClientAuthMethod.CLIENT_SECRET_BASIC);
        boolean isPublic = method == ClientAuthMethod.NONE;

        GrantTypeRule.Resolved types = GrantTypeRule.resolve(json.strings("grant_types"), json.has("grant_types"),
                json.strings("response_types"), json.has("response_types"));
        if (isPublic && types.grantTypes().contains(GrantType.CLIENT_CREDENTIALS.value())) {
            throw invalid("A public client (token_endpoint_auth_method none) cannot use client_credentials");
        }

        Optional<String> jwks = json.object("jwks").map(MetadataValidator::checkJwks);
        Optional<String> jwksUri = json.string("jwks_uri").map(this::jwksUri);
        if (jwks.isPresent() && jwksUri.isPresent()) {
            throw invalid("jwks and jwks_uri must not both be present (RFC 7591 §2)");
        }
        if (method == ClientAuthMethod.PRIVATE_KEY_JWT && jwks.isEmpty() && jwksUri.isEmpty()) {
            throw invalid("private_key_jwt needs jwks or jwks_uri");
        }

        List<String> redirects = json.strings("redirect_uris");
        redirects.forEach(uri -> redirectUris.check(uri, type, "redirect_uris"));
        boolean redirectBased = types.grantTypes().contains(GrantType.AUTHORIZATION_CODE.value())
                || types.grantTypes().contains(GrantType.IMPLICIT.value());
        if (redirectBased && redirects.isEmpty()) {
            throw OAuthError.INVALID_REDIRECT_URI.exception("redirect_uris is required for redirect-based grants");
        }
        List<String> postLogout = json.strings("post_logout_redirect_uris");
        postLogout.forEach(uri -> redirectUris.check(uri, type, "post_logout_redirect_uris"));

        boolean rotate = json.bool("rotate_refresh_tokens").orElse(isPublic);
        boolean requirePkce = json.bool("require_pkce").orElse(true);
        if (isPublic && (!rotate || !requirePkce)) {
            throw invalid("Public clients always rotate refresh tokens and use PKCE (RFC 9700 §2.1.1, §4.14)");
        }

        return new ClientMetadata(
                json.string("client_name").map(v -> text(v, "client_name", 512)).orElse(null),
                List.copyOf(new LinkedHashSet<>(redirects)),
                types.grantTypes(),
                types.responseTypes(),
                method,
                type,
                json.string("scope").map(MetadataValidator::scope).orElse(null),
                jwks.orElse(null),
                jwksUri.orElse(null),
                json.string("client_uri").map(v -> webUrl(v, "client_uri")).orElse(null),
                json.string("logo_uri").map(v -> webUrl(v, "logo_uri")).orElse(null),
                json.strings("contacts").stream().map(v -> text(v, "contacts", MAX_TEXT)).toList(),
                json.string("policy_uri").map(v -> webUrl(v, "policy_uri")).orElse(null),
                json.string("tos_uri").map(v -> webUrl(v, "tos_uri")).orElse(null),
                json.string("software_id").map(v -> text(v, "software_id", MAX_TEXT)).orElse(null),
                json.string("software_version").map(v -> text(v, "software_version", MAX_TEXT)).orElse(null),
                json.string("access_token_format")
                        .map(v -> AccessTokenFormat.fromValue(v).orElseThrow(() -> invalid("access_token_format must be jwt or opaque")))
                        .orElse(AccessTokenFormat.JWT),
                json.seconds("access_token_ttl", MAX_TTL_SECONDS).orElse(0L),
                json.seconds("refresh_token_ttl", MAX_TTL_SECONDS).orElse(0L),
                json.seconds("id_token_ttl", MAX_TTL_SECONDS).orElse(0L),
                json.bool("skip_consent").orElse(false),
                rotate,
                List.copyOf(new LinkedHashSet<>(postLogout)),
                requirePkce,
                json.bool("allow_plain_pkce").orElse(false),
                json.bool("can_introspect").orElse(false),
                json.bool("enabled").orElse(true),
                json.strings("default_audience").stream().map(v -> text(v, "default_audience", MAX_TEXT)).toList(),
                resources(json.strings("allowed_resources")),
                true);
    }

    /**
     * RFC 8707 §2: a resource indicator is an absolute URI without a fragment. At most
     * {@value #MAX_RESOURCES}, each at most {@value #MAX_TEXT} characters.
     */
    static List<String> resources(List<String> values) {
        if (values.size() > MAX_RESOURCES) {
            throw invalid("allowed_resources holds at most " + MAX_RESOURCES + " values");
        }
        for (String value : values) {
            text(value, "allowed_resources", MAX_TEXT);
            try {
                URI uri = new URI(value);
                if (!uri.isAbsolute() || uri.getRawFragment() != null) {
                    throw invalid("allowed_resources must be absolute URIs without a fragment (RFC 8707 §2)");
                }
            } catch (URISyntaxException e) {
                throw invalid("allowed_resources must be absolute URIs without a fragment (RFC 8707 §2)");
            }
        }
        return List.copyOf(new LinkedHashSet<>(values));
    }

    private static String scope(String value) {
        try {
            return Scope.parse(value).toString();
        } catch (OAuthException e) {
            throw invalid("scope contains an invalid character (RFC 6749 §3.3)");
        }
    }

    private static String text(String value, String field, int max) {
        if (value.isEmpty() || value.length() > max) {
            throw invalid(field + " must hold 1 to " + max + " characters");
        }
        return value;
    }

    /** An absolute http(s) URL of a page shown to users (RFC 7591 §2). */
    private static String webUrl(String value, String field) {
        URI uri = absoluteUrl(value, field);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw invalid(field + " must be an absolute http(s) URL");
        }
        return value;
    }

    /** RFC 7591 §2 / RFC 7523: keys are fetched over https; http only on loopback when allowed (development). */
    private String jwksUri(String value) {
        URI uri = absoluteUrl(value, "jwks_uri");
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        boolean loopback = List.of("127.0.0.1", "[::1]", "localhost").contains(uri.getHost().toLowerCase(Locale.ROOT));
        boolean ok = scheme.equals("https") || (scheme.equals("http") && loopback && allowHttpLoopbackJwksUri);
        if (!ok || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw invalid("jwks_uri must be an absolute https URL without fragment");
        }
        if (InternalAddress.isLiteral(uri.getHost()) && !(loopback && allowHttpLoopbackJwksUri)) {
            // This service fetches the URL: never let a registrant point it at internal addresses.
            throw invalid("jwks_uri must not name a loopback, private or link-local address");
        }
        return value;
    }

    private static URI absoluteUrl(String value, String field) {
        try {
            URI uri = new URI(value);
            if (!uri.isAbsolute() || uri.getHost() == null) {
                throw invalid(field + " must be an absolute URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw invalid(field + " must be an absolute URL");
        }
    }

    private static String checkJwks(String json) {
        try {
            JsonWebKeySet set = new JsonWebKeySet(json);
            if (set.getJsonWebKeys().isEmpty()) {
                throw invalid("jwks must contain at least one key");
            }
            return json;
        } catch (JoseException | RuntimeException e) {
            if (e instanceof OAuthException oauth) {
                throw oauth;
            }
            throw invalid("jwks is not a valid JWK Set (RFC 7517 §5)");
        }
    }

    private static OAuthException invalid(String description) {
        return OAuthError.INVALID_CLIENT_METADATA.exception(description);
    }
}
