package dev.portcullis.registry.model;

import dev.portcullis.contract.oauth.ClientAuthMethod;
import java.util.List;

/**
 * The metadata of a client as registered: the RFC 7591 §2 fields the suite acts on, OIDC
 * Dynamic Client Registration's {@code application_type}, and Portcullis' own settings.
 * Instances are validated and normalised by {@code MetadataValidator}; absent optional values
 * are {@code null} strings or empty lists.
 *
 * @param jwks the JWK Set document (JSON) when keys are registered by value
 * @param accessTokenTtl seconds, 0 for the server default (likewise the other lifetimes)
 * @param defaultAudience {@code aud} of access tokens when the request names no resource
 * @param allowedResources the RFC 8707 §2 resource indicators this client may request; any
 *        other {@code resource} is {@code invalid_target}, and with none registered the client
 *        may request none
 * @param verified false for a self-registered client until an administrator verifies it: the
 *        sign-in and consent pages then call it an unverified application
 */
public record ClientMetadata(
        String clientName,
        List<String> redirectUris,
        List<String> grantTypes,
        List<String> responseTypes,
        ClientAuthMethod tokenEndpointAuthMethod,
        ApplicationType applicationType,
        String scope,
        String jwks,
        String jwksUri,
        String clientUri,
        String logoUri,
        List<String> contacts,
        String policyUri,
        String tosUri,
        String softwareId,
        String softwareVersion,
        AccessTokenFormat accessTokenFormat,
        long accessTokenTtl,
        long refreshTokenTtl,
        long idTokenTtl,
        boolean skipConsent,
        boolean rotateRefreshTokens,
        List<String> postLogoutRedirectUris,
        boolean requirePkce,
        boolean allowPlainPkce,
        boolean canIntrospect,
        boolean enabled,
        List<String> defaultAudience,
        List<String> allowedResources,
        boolean verified) {

    /** True for clients without a secret or keys (RFC 6749 §2.1 public clients). */
    public boolean isPublic() {
        return tokenEndpointAuthMethod == ClientAuthMethod.NONE;
    }

    /**
     * This metadata with Portcullis' own settings (token format and lifetimes, consent, PKCE,
     * rotation, introspection, enabled, default audience, verification) taken from
     * {@code current}: what a dynamically registered client replaces through RFC 7592 without
     * touching what an administrator decided. Public clients keep rotation and PKCE on. A client
     * that changes how it presents itself (name, home page, logo) is unverified again.
     */
    public ClientMetadata withSettingsOf(ClientMetadata current) {
        boolean strict = isPublic();
        boolean sameFace = java.util.Objects.equals(clientName, current.clientName)
                && java.util.Objects.equals(clientUri, current.clientUri)
                && java.util.Objects.equals(logoUri, current.logoUri);
        return new ClientMetadata(clientName, redirectUris, grantTypes, responseTypes, tokenEndpointAuthMethod,
                applicationType, scope, jwks, jwksUri, clientUri, logoUri, contacts, policyUri, tosUri, softwareId,
                softwareVersion, current.accessTokenFormat, current.accessTokenTtl, current.refreshTokenTtl,
                current.idTokenTtl, current.skipConsent, strict || current.rotateRefreshTokens, postLogoutRedirectUris,
                strict || current.requirePkce, current.allowPlainPkce, current.canIntrospect, current.enabled,
                current.defaultAudience, allowedResources, current.verified && sameFace);
    }

    /** The same metadata with {@code enabled} set. */
    public ClientMetadata withEnabled(boolean value) {
        return new ClientMetadata(clientName, redirectUris, grantTypes, responseTypes, tokenEndpointAuthMethod,
                applicationType, scope, jwks, jwksUri, clientUri, logoUri, contacts, policyUri, tosUri, softwareId,
                softwareVersion, accessTokenFormat, accessTokenTtl, refreshTokenTtl, idTokenTtl, skipConsent,
                rotateRefreshTokens, postLogoutRedirectUris, requirePkce, allowPlainPkce, canIntrospect, value,
                defaultAudience, allowedResources, verified);
    }

    /** The same metadata with {@code verified} set. */
    public ClientMetadata withVerified(boolean value) {
        return new ClientMetadata(clientName, redirectUris, grantTypes, responseTypes, tokenEndpointAuthMethod,
                applicationType, scope, jwks, jwksUri, clientUri, logoUri, contacts, policyUri, tosUri, softwareId,
                softwareVersion, accessTokenFormat, accessTokenTtl, refreshTokenTtl, idTokenTtl, skipConsent,
                rotateRefreshTokens, postLogoutRedirectUris, requirePkce, allowPlainPkce, canIntrospect, enabled,
                defaultAudience, allowedResources, value);
    }
}
