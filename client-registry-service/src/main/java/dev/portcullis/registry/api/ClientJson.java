package dev.portcullis.registry.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.registry.model.ClientMetadata;
import dev.portcullis.registry.model.RegisteredClient;
import java.util.List;

/**
 * The JSON form of a client: RFC 7591 §2 member names, OIDC Registration's
 * {@code application_type}, and Portcullis' extensions (CONTRIBUTING "Client admin API").
 * Absent optional values are omitted (RFC 7591 §3.2.1). Hashes never appear.
 */
public final class ClientJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ClientJson() {
    }

    public static ObjectNode of(RegisteredClient client) {
        ClientMetadata m = client.metadata();
        ObjectNode o = JSON.createObjectNode();
        o.put("client_id", client.clientId());
        o.put("client_id_issued_at", client.clientIdIssuedAt());
        putText(o, "client_name", m.clientName());
        putList(o, "redirect_uris", m.redirectUris());
        putList(o, "grant_types", m.grantTypes());
        putList(o, "response_types", m.responseTypes());
        o.put("token_endpoint_auth_method", m.tokenEndpointAuthMethod().value());
        o.put("application_type", m.applicationType().value());
        putText(o, "scope", m.scope());
        if (m.jwks() != null) {
            o.set("jwks", parse(m.jwks()));
        }
        putText(o, "jwks_uri", m.jwksUri());
        putText(o, "client_uri", m.clientUri());
        putText(o, "logo_uri", m.logoUri());
        if (!m.contacts().isEmpty()) {
            putList(o, "contacts", m.contacts());
        }
        putText(o, "policy_uri", m.policyUri());
        putText(o, "tos_uri", m.tosUri());
        putText(o, "software_id", m.softwareId());
        putText(o, "software_version", m.softwareVersion());
        o.put("access_token_format", m.accessTokenFormat().value());
        o.put("access_token_ttl", m.accessTokenTtl());
        o.put("refresh_token_ttl", m.refreshTokenTtl());
        o.put("id_token_ttl", m.idTokenTtl());
        o.put("skip_consent", m.skipConsent());
        o.put("rotate_refresh_tokens", m.rotateRefreshTokens());
        putList(o, "post_logout_redirect_uris", m.postLogoutRedirectUris());
        o.put("require_pkce", m.requirePkce());
        o.put("allow_plain_pkce", m.allowPlainPkce());
        o.put("can_introspect", m.canIntrospect());
        o.put("enabled", m.enabled());
        putList(o, "default_audience", m.defaultAudience());
        putList(o, "allowed_resources", m.allowedResources());
        o.put("verified", m.verified());
        o.put("updated_at", client.updatedAt());
        return o;
    }

    /**
     * The RFC 7591 §3.2.1 response: the client, and the secret when one was just issued, with
     * {@code client_secret_expires_at} 0 (secrets do not expire by themselves).
     */
    public static ObjectNode withSecret(RegisteredClient client, String clientSecret) {
        ObjectNode o = of(client);
        if (clientSecret != null) {
            o.put("client_secret", clientSecret);
        }
        if (client.metadata().tokenEndpointAuthMethod().usesSecret()) {
            o.put("client_secret_expires_at", 0);
        }
        return o;
    }

    private static void putText(ObjectNode o, String name, String value) {
        if (value != null) {
            o.put(name, value);
        }
    }

    private static void putList(ObjectNode o, String name, List<String> values) {
        ArrayNode array = o.putArray(name);
        values.forEach(array::add);
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored jwks is not JSON", e);
        }
    }
}
