package dev.portcullis.clients;

import dev.portcullis.contract.oauth.ClientAuthMethod;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthException;
import dev.portcullis.contract.oauth.TokenTypes;
import dev.portcullis.proto.client.v1.AuthenticateClientRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The client credentials presented with a request to the token, revocation or introspection
 * endpoint, extracted once, the same way everywhere (RFC 6749 §2.3, RFC 7523 §2.2).
 *
 * @param method the method the request used (never {@code none} with a secret or an assertion)
 */
public record ClientCredentials(String clientId, ClientAuthMethod method, String secret, String assertion) {

    /**
     * Reads the credentials from the Authorization header and the form.
     *
     * @param authorization the Authorization header value, or null
     * @param form the form parameters, each name with its values
     * @throws OAuthException invalid_request when more than one method is used (RFC 6749 §2.3),
     *         invalid_client when no client can be identified or the Basic header is malformed
     */
    public static ClientCredentials from(String authorization, Map<String, List<String>> form) {
        String formId = single(form, "client_id");
        String formSecret = single(form, "client_secret");
        String assertionType = single(form, "client_assertion_type");
        String assertion = single(form, "client_assertion");

        if (authorization != null && !authorization.isBlank()) {
            if (formSecret != null || assertion != null) {
                throw OAuthError.INVALID_REQUEST.exception("Use only one client authentication method");
            }
            ClientCredentials basic = basic(authorization);
            if (formId != null && !formId.equals(basic.clientId)) {
                throw OAuthError.INVALID_REQUEST.exception("client_id does not match the Authorization header");
            }
            return basic;
        }
        if (assertion != null || assertionType != null) {
            if (formSecret != null) {
                throw OAuthError.INVALID_REQUEST.exception("Use only one client authentication method");
            }
            if (!TokenTypes.CLIENT_ASSERTION_TYPE_JWT_BEARER.equals(assertionType) || assertion == null) {
                throw OAuthError.INVALID_CLIENT.exception("Unsupported client_assertion_type");
            }
            String id = formId != null ? formId : AssertionIssuer.read(assertion);
            return new ClientCredentials(id, ClientAuthMethod.PRIVATE_KEY_JWT, null, assertion);
        }
        if (formId == null || formId.isEmpty()) {
            throw OAuthError.INVALID_CLIENT.exception("Client authentication is required");
        }
        if (formSecret != null) {
            return new ClientCredentials(formId, ClientAuthMethod.CLIENT_SECRET_POST, formSecret, null);
        }
        return new ClientCredentials(formId, ClientAuthMethod.NONE, null, null);
    }

    /** RFC 6749 §2.3.1: id and secret are form-url-encoded before Base64. */
    private static ClientCredentials basic(String authorization) {
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw OAuthError.INVALID_CLIENT.exception("Unsupported authorization scheme");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthError.INVALID_CLIENT.exception("Malformed Basic credentials");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw OAuthError.INVALID_CLIENT.exception("Malformed Basic credentials");
        }
        try {
            String id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            String secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
            return new ClientCredentials(id, ClientAuthMethod.CLIENT_SECRET_BASIC, secret, null);
        } catch (IllegalArgumentException e) {
            throw OAuthError.INVALID_CLIENT.exception("Malformed Basic credentials");
        }
    }

    private static String single(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw OAuthError.INVALID_REQUEST.exception("Parameter " + name + " is repeated");
        }
        return values.get(0);
    }

    /** The request to ClientRegistry.AuthenticateClient for these credentials. */
    public AuthenticateClientRequest toRequest(List<String> expectedAudiences) {
        AuthenticateClientRequest.Builder b = AuthenticateClientRequest.newBuilder()
                .setClientId(clientId)
                .setAuthMethod(method.value())
                .addAllExpectedAudiences(expectedAudiences);
        if (secret != null) {
            b.setClientSecret(secret);
        }
        if (assertion != null) {
            b.setClientAssertion(assertion).setClientAssertionType(TokenTypes.CLIENT_ASSERTION_TYPE_JWT_BEARER);
        }
        return b.build();
    }

    /**
     * The failure to raise when these credentials are refused: 401 {@code invalid_client}, whose
     * {@code WWW-Authenticate} challenge the error mapper adds whatever the method (RFC 6749 §5.2).
     */
    public OAuthException refused(String description) {
        return OAuthError.INVALID_CLIENT.exception(description);
    }

    @Override
    public String toString() {
        return "ClientCredentials[clientId=" + clientId + ", method=" + method.value() + "]";
    }
}
