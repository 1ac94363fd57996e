package dev.portcullis.token.api;

import dev.portcullis.contract.oauth.ClientAuthMethod;
import dev.portcullis.rules.pkce.CodeChallengeMethod;
import dev.portcullis.token.config.PortcullisConfig;
import dev.portcullis.token.config.TokenConfig;
import dev.portcullis.token.grant.GrantRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Authorization server metadata (RFC 8414 §2) and OpenID Provider metadata (OIDC Discovery §3),
 * one document served at both well-known paths. Built from the issuer, the grants this service
 * really has and configuration; nothing is advertised that is not implemented.
 */
@Path("/.well-known")
public final class DiscoveryResource {
    private static final List<String> AUTH_METHODS =
            Arrays.stream(ClientAuthMethod.values()).map(ClientAuthMethod::value).toList();
    /** Introspection needs an authenticated client (RFC 7662 §2.1): every method but {@code none}. */
    private static final List<String> AUTHENTICATED_METHODS = Arrays.stream(ClientAuthMethod.values())
            .filter(m -> m != ClientAuthMethod.NONE).map(ClientAuthMethod::value).toList();
    private static final List<String> ASSERTION_ALGS = List.of("RS256", "ES256");

    private final Map<String, Object> document;
    private final String cacheControl;

    public DiscoveryResource(PortcullisConfig portcullis, TokenConfig config, GrantRegistry grants) {
        String issuer = portcullis.issuer();
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        TreeSet<String> grantTypes = new TreeSet<>(grants.supported());
        config.discovery().extraGrantTypes().ifPresent(grantTypes::addAll);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("issuer", issuer);
        d.put("authorization_endpoint", base + "/authorize");
        d.put("token_endpoint", base + "/token");
        d.put("jwks_uri", base + "/jwks");
        d.put("userinfo_endpoint", base + "/userinfo");
        d.put("registration_endpoint", base + "/register");
        d.put("revocation_endpoint", base + "/revoke");
        d.put("introspection_endpoint", base + "/introspect");
        d.put("end_session_endpoint", base + "/logout");
        d.put("scopes_supported", config.discovery().scopes());
        d.put("response_types_supported", config.discovery().responseTypes());
        d.put("response_modes_supported", config.discovery().responseModes());
        d.put("grant_types_supported", List.copyOf(grantTypes));
        d.put("token_endpoint_auth_methods_supported", AUTH_METHODS);
        d.put("token_endpoint_auth_signing_alg_values_supported", ASSERTION_ALGS);
        d.put("revocation_endpoint_auth_methods_supported", AUTH_METHODS);
        d.put("introspection_endpoint_auth_methods_supported", AUTHENTICATED_METHODS);
        // RFC 7636 §4.2: plain is a per-client exception (allow_plain_pkce) for clients that
        // cannot do S256, not something a client library should choose from the metadata.
        d.put("code_challenge_methods_supported", List.of(CodeChallengeMethod.S256.parameterValue()));
        d.put("subject_types_supported", List.of("public"));
        d.put("id_token_signing_alg_values_supported", List.of(config.idToken().signingAlg()));
        d.put("claims_supported", config.discovery().claims());
        d.put("authorization_response_iss_parameter_supported", true);
        this.document = java.util.Collections.unmodifiableMap(d);
        this.cacheControl = "public, max-age=" + config.keys().jwksMaxAge().toSeconds();
    }

    @GET
    @Path("/oauth-authorization-server")
    public Response authorizationServer() {
        return Response.ok(document, MediaType.APPLICATION_JSON).header(HttpHeaders.CACHE_CONTROL, cacheControl).build();
    }

    @GET
    @Path("/openid-configuration")
    public Response openidConfiguration() {
        return authorizationServer();
    }
}
