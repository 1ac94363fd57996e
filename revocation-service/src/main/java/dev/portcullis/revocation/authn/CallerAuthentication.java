package dev.portcullis.revocation.authn;

import dev.portcullis.clients.ClientAuthentication;
import dev.portcullis.clients.ClientCredentials;
import dev.portcullis.clients.ClientDirectory;
import dev.portcullis.contract.oauth.ClientAuthMethod;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.TokenTypes;
import dev.portcullis.proto.client.v1.Client;
import dev.portcullis.revocation.token.DigestKey;
import dev.portcullis.revocation.introspect.TokenIntrospector;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who is calling the revocation and introspection endpoints.
 *
 * <ul>
 *   <li>RFC 7009 §2.1: the revocation endpoint authenticates clients as the token endpoint does
 *       ({@link ClientCredentials}, {@link ClientAuthentication}); public clients identify
 *       themselves with {@code client_id}.</li>
 *   <li>RFC 7662 §2.1: the introspection endpoint needs an authenticated client, by its
 *       credentials or by an active access token of its own ({@code Authorization: Bearer});
 *       which tokens it then may see is {@code IntrospectionRights}' business (RFC 7662 §2.2),
 *       not a refusal here.</li>
 * </ul>
 */
@ApplicationScoped
public class CallerAuthentication {
    private static final String BEARER = "Bearer ";

    private final ClientAuthentication authentication;
    private final ClientDirectory clients;
    private final TokenIntrospector introspector;
    private final AcceptedCallerCredentials accepted;
    private final String issuer;

    public CallerAuthentication(ClientAuthentication authentication, ClientDirectory clients,
            TokenIntrospector introspector, AcceptedCallerCredentials accepted,
            @ConfigProperty(name = "portcullis.issuer") String issuer) {
        this.authentication = authentication;
        this.clients = clients;
        this.introspector = introspector;
        this.accepted = accepted;
        this.issuer = issuer;
    }

    /** The client revoking a token (RFC 7009 §2.1). */
    public Uni<Client> revoker(String authorization, Map<String, List<String>> form) {
        ClientCredentials credentials = ClientCredentials.from(authorization, form);
        return authentication.authenticate(credentials, audiences("/revoke"));
    }

    /** The client introspecting a token over HTTP (RFC 7662 §2.1). */
    public Uni<Client> introspector(String authorization, Map<String, List<String>> form) {
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return byAccessToken(authorization.substring(BEARER.length()).trim());
        }
        return introspector(ClientCredentials.from(authorization, form));
    }

    /** The client introspecting a token, from credentials already extracted (gRPC metadata). */
    public Uni<Client> introspector(ClientCredentials credentials) {
        if (credentials.method() == ClientAuthMethod.NONE) {
            return Uni.createFrom().failure(credentials.refused("Introspection requires client authentication"));
        }
        return authentication.authenticate(credentials, audiences("/introspect"));
    }

    /**
     * The gRPC caller introspecting a token: checked as {@link #introspector(ClientCredentials)},
     * and once accepted remembered by the SHA-256 of its metadata value
     * ({@link AcceptedCallerCredentials}), so its next calls skip the check.
     */
    public Uni<Client> introspector(DigestKey credentialKey, ClientCredentials credentials) {
        long generation = accepted.generation();
        return introspector(credentials).invoke(c -> accepted.put(generation, credentialKey, c));
    }

    private Uni<Client> byAccessToken(String token) {
        return introspector.introspect(token).chain(active -> {
            if (active.isEmpty() || !TokenTypes.BEARER.equals(active.get().tokenType())
                    || active.get().clientId() == null) {
                return Uni.createFrom().failure(OAuthError.INVALID_TOKEN.exception("The access token is not active"));
            }
            return clients.find(active.get().clientId()).map(found -> found
                    .filter(Client::getEnabled)
                    .orElseThrow(() -> OAuthError.INVALID_TOKEN.exception("The access token is not active")));
        });
    }

    private List<String> audiences(String endpoint) {
        return List.of(issuer, issuer + endpoint, issuer + "/token");
    }
}
