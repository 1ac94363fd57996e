package dev.portcullis.registry.store;

import dev.portcullis.contract.oauth.ClientAuthMethod;
import dev.portcullis.registry.model.AccessTokenFormat;
import dev.portcullis.registry.model.ApplicationType;
import dev.portcullis.registry.model.ClientMetadata;
import dev.portcullis.registry.model.RegisteredClient;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.List;

/** A row of {@code client_registry.clients}; converted to and from {@link RegisteredClient}. */
@Entity
@Table(name = "clients")
public class ClientEntity {
    @Id
    @Column(name = "client_id")
    public String clientId;
    @Column(name = "client_name")
    public String clientName;
    @Convert(converter = StringListConverter.class)
    @Column(name = "redirect_uris")
    public List<String> redirectUris;
    @Convert(converter = StringListConverter.class)
    @Column(name = "grant_types")
    public List<String> grantTypes;
    @Convert(converter = StringListConverter.class)
    @Column(name = "response_types")
    public List<String> responseTypes;
    @Column(name = "token_endpoint_auth_method")
    public String tokenEndpointAuthMethod;
    @Column(name = "application_type")
    public String applicationType;
    public String scope;
    public String jwks;
    @Column(name = "jwks_uri")
    public String jwksUri;
    @Column(name = "client_uri")
    public String clientUri;
    @Column(name = "logo_uri")
    public String logoUri;
    @Convert(converter = StringListConverter.class)
    public List<String> contacts;
    @Column(name = "policy_uri")
    public String policyUri;
    @Column(name = "tos_uri")
    public String tosUri;
    @Column(name = "software_id")
    public String softwareId;
    @Column(name = "software_version")
    public String softwareVersion;
    @Column(name = "access_token_format")
    public String accessTokenFormat;
    @Column(name = "access_token_ttl")
    public long accessTokenTtl;
    @Column(name = "refresh_token_ttl")
    public long refreshTokenTtl;
    @Column(name = "id_token_ttl")
    public long idTokenTtl;
    @Column(name = "skip_consent")
    public boolean skipConsent;
    @Column(name = "rotate_refresh_tokens")
    public boolean rotateRefreshTokens;
    @Convert(converter = StringListConverter.class)
    @Column(name = "post_logout_redirect_uris")
    public List<String> postLogoutRedirectUris;
    @Column(name = "require_pkce")
    public boolean requirePkce;
    @Column(name = "allow_plain_pkce")
    public boolean allowPlainPkce;
    @Column(name = "can_introspect")
    public boolean canIntrospect;
    public boolean enabled;
    @Convert(converter = StringListConverter.class)
    @Column(name = "default_audience")
    public List<String> defaultAudience;
    @Convert(converter = StringListConverter.class)
    @Column(name = "allowed_resources")
    public List<String> allowedResources;
    public boolean verified;
    @Column(name = "secret_hash")
    public String secretHash;
    @Column(name = "previous_secret_hash")
    public String previousSecretHash;
    @Column(name = "previous_secret_expires_at")
    public long previousSecretExpiresAt;
    @Column(name = "registration_token_hash")
    public String registrationTokenHash;
    @Column(name = "client_id_issued_at")
    public long clientIdIssuedAt;
    @Column(name = "updated_at")
    public long updatedAt;

    /** The immutable model of this row. */
    public RegisteredClient toModel() {
        ClientMetadata m = new ClientMetadata(clientName, redirectUris, grantTypes, responseTypes,
                ClientAuthMethod.fromValue(tokenEndpointAuthMethod).orElseThrow(),
                ApplicationType.fromValue(applicationType).orElseThrow(),
                scope, jwks, jwksUri, clientUri, logoUri, contacts, policyUri, tosUri, softwareId, softwareVersion,
                AccessTokenFormat.fromValue(accessTokenFormat).orElseThrow(),
                accessTokenTtl, refreshTokenTtl, idTokenTtl, skipConsent, rotateRefreshTokens,
                postLogoutRedirectUris, requirePkce, allowPlainPkce, canIntrospect, enabled, defaultAudience,
                allowedResources, verified);
        return new RegisteredClient(clientId, m, secretHash, previousSecretHash, previousSecretExpiresAt,
                registrationTokenHash, clientIdIssuedAt, updatedAt);
    }

    /** Copies every column from {@code client} (the id only when the row is new). */
    public ClientEntity copyFrom(RegisteredClient client) {
        ClientMetadata m = client.metadata();
        clientId = client.clientId();
        clientName = m.clientName();
        redirectUris = m.redirectUris();
        grantTypes = m.grantTypes();
        responseTypes = m.responseTypes();
        tokenEndpointAuthMethod = m.tokenEndpointAuthMethod().value();
        applicationType = m.applicationType().value();
        scope = m.scope();
        jwks = m.jwks();
        jwksUri = m.jwksUri();
        clientUri = m.clientUri();
        logoUri = m.logoUri();
        contacts = m.contacts();
        policyUri = m.policyUri();
        tosUri = m.tosUri();
        softwareId = m.softwareId();
        softwareVersion = m.softwareVersion();
        accessTokenFormat = m.accessTokenFormat().value();
        accessTokenTtl = m.accessTokenTtl();
        refreshTokenTtl = m.refreshTokenTtl();
        idTokenTtl = m.idTokenTtl();
        skipConsent = m.skipConsent();
        rotateRefreshTokens = m.rotateRefreshTokens();
        postLogoutRedirectUris = m.postLogoutRedirectUris();
        requirePkce = m.requirePkce();
        allowPlainPkce = m.allowPlainPkce();
        canIntrospect = m.canIntrospect();
        enabled = m.enabled();
        defaultAudience = m.defaultAudience();
        allowedResources = m.allowedResources();
        verified = m.verified();
        secretHash = client.secretHash();
        previousSecretHash = client.previousSecretHash();
        previousSecretExpiresAt = client.previousSecretExpiresAt();
        registrationTokenHash = client.registrationTokenHash();
        clientIdIssuedAt = client.clientIdIssuedAt();
        updatedAt = client.updatedAt();
        return this;
    }
}
