package dev.portcullis.registry.api;

import dev.portcullis.proto.client.v1.AccessTokenFormat;
import dev.portcullis.proto.client.v1.Client;
import dev.portcullis.registry.model.ClientMetadata;
import dev.portcullis.registry.model.RegisteredClient;

/** The {@code Client} message of {@code client_registry.proto} for a stored client (no hashes). */
public final class ClientProto {
    private ClientProto() {
    }

    public static Client of(RegisteredClient client) {
        ClientMetadata m = client.metadata();
        Client.Builder b = Client.newBuilder()
                .setClientId(client.clientId())
                .addAllRedirectUris(m.redirectUris())
                .addAllGrantTypes(m.grantTypes())
                .addAllResponseTypes(m.responseTypes())
                .setTokenEndpointAuthMethod(m.tokenEndpointAuthMethod().value())
                .addAllContacts(m.contacts())
                .setAccessTokenFormat(switch (m.accessTokenFormat()) {
                    case JWT -> AccessTokenFormat.ACCESS_TOKEN_FORMAT_JWT;
                    case OPAQUE -> AccessTokenFormat.ACCESS_TOKEN_FORMAT_OPAQUE;
                })
                .setAccessTokenTtlSeconds(m.accessTokenTtl())
                .setRefreshTokenTtlSeconds(m.refreshTokenTtl())
                .setIdTokenTtlSeconds(m.idTokenTtl())
                .setSkipConsent(m.skipConsent())
                .setRotateRefreshTokens(m.rotateRefreshTokens())
                .addAllPostLogoutRedirectUris(m.postLogoutRedirectUris())
                .setEnabled(m.enabled())
                .setRequirePkce(m.requirePkce())
                .setAllowPlainPkce(m.allowPlainPkce())
                .setCanIntrospect(m.canIntrospect())
                .setClientIdIssuedAt(client.clientIdIssuedAt())
                .setUpdatedAt(client.updatedAt())
                .addAllDefaultAudience(m.defaultAudience())
                .addAllAllowedResources(m.allowedResources())
                .setUnverified(!m.verified());
        if (m.clientName() != null) {
            b.setClientName(m.clientName());
        }
        if (m.scope() != null) {
            b.setScope(m.scope());
        }
        if (m.jwks() != null) {
            b.setJwks(m.jwks());
        }
        if (m.jwksUri() != null) {
            b.setJwksUri(m.jwksUri());
        }
        if (m.clientUri() != null) {
            b.setClientUri(m.clientUri());
        }
        if (m.logoUri() != null) {
            b.setLogoUri(m.logoUri());
        }
        if (m.policyUri() != null) {
            b.setPolicyUri(m.policyUri());
        }
        if (m.tosUri() != null) {
            b.setTosUri(m.tosUri());
        }
        if (m.softwareId() != null) {
            b.setSoftwareId(m.softwareId());
        }
        if (m.softwareVersion() != null) {
            b.setSoftwareVersion(m.softwareVersion());
        }
        return b.build();
    }
}
