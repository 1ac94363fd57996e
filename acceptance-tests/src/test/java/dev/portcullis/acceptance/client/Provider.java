package dev.portcullis.acceptance.client;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import dev.portcullis.acceptance.stack.PortcullisStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.util.HashSet;
import java.util.Set;

/**
 * Our issuer as the Nimbus SDK sees it: metadata from discovery alone (OIDC Discovery §4), and
 * the token requests and JWT checks a strict relying party makes with it.
 */
public final class Provider {
    private final PortcullisStack stack;
    private final OIDCProviderMetadata metadata;

    private Provider(PortcullisStack stack, OIDCProviderMetadata metadata) {
        this.stack = stack;
        this.metadata = metadata;
    }

    /** Fetches and strictly parses {@code /.well-known/openid-configuration}. */
    public static Provider discover(PortcullisStack stack) {
        try {
            HTTPResponse response = new HTTPRequest(HTTPRequest.Method.GET,
                    URI.create(stack.url("/.well-known/openid-configuration"))).send();
            if (response.getStatusCode() != 200) {
                throw new IllegalStateException("Discovery answered " + response.getStatusCode() + ": " + response.getBody());
            }
            return new Provider(stack, OIDCProviderMetadata.parse(response.getBodyAsJSONObject()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParseException e) {
            throw new IllegalStateException("Discovery document rejected by Nimbus: " + e.getMessage(), e);
        }
    }

    public OIDCProviderMetadata metadata() {
        return metadata;
    }

    public PortcullisStack stack() {
        return stack;
    }

    /** Sends a token request (RFC 6749 §3.2) and parses the answer as an OIDC token response. */
    public TokenResponse token(ClientAuthentication auth, AuthorizationGrant grant, Scope scope) {
        return send(new TokenRequest(metadata.getTokenEndpointURI(), auth, grant, scope));
    }

    /** A token request from a public client, identified by {@code client_id} only (RFC 6749 §4.1.3). */
    public TokenResponse token(ClientID publicClient, AuthorizationGrant grant) {
        return send(new TokenRequest(metadata.getTokenEndpointURI(), publicClient, grant));
    }

    private static TokenResponse send(TokenRequest request) {
        try {
            return OIDCTokenResponseParser.parse(request.toHTTPRequest().send());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParseException e) {
            throw new IllegalStateException("Token response rejected by Nimbus: " + e.getMessage(), e);
        }
    }

    /** Current JWKS (RFC 7517) from the {@code jwks_uri} of the metadata. */
    public JWKSet jwks() {
        try {
            return JWKSet.load(metadata.getJWKSetURI().toURL());
        } catch (IOException | java.text.ParseException e) {
            throw new IllegalStateException("JWKS rejected by Nimbus: " + e.getMessage(), e);
        }
    }

    /**
     * Verifies a JWT access token the way an RFC 9068 resource server does: {@code typ at+jwt},
     * a signature by a key of our JWKS with an advertised algorithm, our issuer, and the required
     * claims present and unexpired.
     */
    public JWTClaimsSet verifyAccessToken(String jwt) {
        try {
            JWKSource<SecurityContext> keys = JWKSourceBuilder.create(new URL(metadata.getJWKSetURI().toString())).build();
            // No discovery field names the access-token algorithm (RFC 9068 leaves it to the
            // resource server's configuration): accept those the issuer publishes keys for.
            Set<JWSAlgorithm> algorithms = new HashSet<>();
            for (com.nimbusds.jose.jwk.JWK key : JWKSet.load(new URL(metadata.getJWKSetURI().toString())).getKeys()) {
                if (key.getAlgorithm() != null) {
                    algorithms.add(JWSAlgorithm.parse(key.getAlgorithm().getName()));
                }
            }
            DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
            processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
            processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                    new JWTClaimsSet.Builder().issuer(metadata.getIssuer().getValue()).build(),
                    Set.of("sub", "client_id", "jti", "iat", "exp", "aud")));
            return processor.process(jwt, null);
        } catch (Exception e) {
            throw new AssertionError("Access token failed RFC 9068 validation: " + e.getMessage(), e);
        }
    }
}
