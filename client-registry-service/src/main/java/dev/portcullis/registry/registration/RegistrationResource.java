package dev.portcullis.registry.registration;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.contract.TokenHash;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthException;
import dev.portcullis.contract.oauth.Scope;
import dev.portcullis.registry.api.ClientJson;
import dev.portcullis.registry.config.PortcullisConfig;
import dev.portcullis.registry.config.RegistryConfig;
import dev.portcullis.registry.model.ClientMetadata;
import dev.portcullis.registry.model.RegisteredClient;
import dev.portcullis.registry.secret.ClientSecrets;
import dev.portcullis.registry.store.ClientStore;
import dev.portcullis.rules.admin.AdminScope;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Dynamic client registration (RFC 7591 §3) and its management protocol (RFC 7592 §2).
 * Registration is open or needs an initial access token ({@code oauth.registry.registration.mode});
 * management needs the registration access token handed out at registration, kept as a hash.
 * Portcullis' own settings (consent, token lifetimes, introspection...) are an administrator's
 * decision and are ignored here like any other unknown member (RFC 7591 §2); in {@code open}
 * mode asking for a privilege is refused ({@link OpenRegistrationPolicy}). Every client
 * registered here starts unverified, and its name may not imitate the server ({@link ClientNameRule}).
 */
@Path("/register")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Dynamic client registration (RFC 7591, RFC 7592)")
public final class RegistrationResource {
    private static final String ACTOR = "registration";
    private static final String BEARER = "Bearer ";
    /** Members only an administrator may set. */
    static final Set<String> ADMIN_ONLY = Set.of("client_id", "access_token_format", "access_token_ttl",
            "refresh_token_ttl", "id_token_ttl", "skip_consent", "rotate_refresh_tokens", "require_pkce",
            "allow_plain_pkce", "can_introspect", "enabled", "default_audience", "verified");

    private final ClientRegistrations registrations;
    private final ClientStore store;
    private final ClientSecrets secrets;
    private final MetadataValidator validator;
    private final RegistryConfig config;
    private final String registrationBase;
    private final ClientNameRule names;
    private final OpenRegistrationPolicy openPolicy;

    public RegistrationResource(ClientRegistrations registrations, ClientStore store, ClientSecrets secrets,
            MetadataValidator validator, RegistryConfig config, PortcullisConfig portcullis) {
        this.registrations = registrations;
        this.store = store;
        this.secrets = secrets;
        this.validator = validator;
        this.config = config;
        this.registrationBase = portcullis.issuer().replaceAll("/+$", "") + "/register/";
        this.names = new ClientNameRule(config.registration().reservedNames(), java.net.URI.create(portcullis.issuer()).getHost());
        this.openPolicy = new OpenRegistrationPolicy(config.registration().open().allowedResources().orElse(java.util.List.of()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a client (RFC 7591 §3.1)")
    public Uni<Response> register(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body) {
        checkInitialAccessToken(authorization);
        ClientMetadata metadata = selfRegistered(MetadataJson.parse(body));
        return registrations.create(metadata, Optional.empty(), true, ACTOR)
                .map(issued -> noStore(Response.status(Response.Status.CREATED)
                        .entity(information(issued.client(), issued.clientSecret())
                                .put("registration_access_token", issued.registrationAccessToken()))));
    }

    @GET
    @Path("{clientId}")
    @Operation(summary = "Read a client's registration (RFC 7592 §2.1)")
    public Uni<Response> read(@PathParam("clientId") String clientId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return authorized(clientId, authorization)
                .map(client -> noStore(Response.ok(information(client, null))));
    }

    @PUT
    @Path("{clientId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a client's registration (RFC 7592 §2.2)")
    public Uni<Response> update(@PathParam("clientId") String clientId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body) {
        return authorized(clientId, authorization).flatMap(client -> {
            MetadataJson json = MetadataJson.parse(body);
            json.string("client_id").filter(id -> !id.equals(clientId)).ifPresent(id -> {
                throw invalidMetadata("client_id does not match the registration");
            });
            json.string("client_secret").filter(s -> !secrets.verify(client, s, java.time.Instant.now().getEpochSecond()))
                    .ifPresent(s -> {
                        throw invalidMetadata("client_secret does not match the issued secret (RFC 7592 §2.2)");
                    });
            ClientMetadata metadata = selfRegistered(json);
            return registrations.replace(clientId, current -> metadata.withSettingsOf(current), ACTOR);
        }).map(updated -> {
            ClientRegistrations.Issued issued = updated.orElseThrow(RegistrationResource::invalidToken);
            return noStore(Response.ok(information(issued.client(), issued.clientSecret())));
        });
    }

    @DELETE
    @Path("{clientId}")
    @Operation(summary = "Deregister a client (RFC 7592 §2.3)")
    public Uni<Response> delete(@PathParam("clientId") String clientId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return authorized(clientId, authorization)
                .flatMap(client -> registrations.delete(clientId, ACTOR))
                .map(deleted -> noStore(Response.noContent()));
    }

    /**
     * The metadata of a registration or its replacement: validated like the admin API's, without
     * the administrator's members, refused when it asks for what open registration never gives
     * or when its name imitates the server, and unverified.
     */
    private ClientMetadata selfRegistered(MetadataJson json) {
        ClientMetadata metadata = validator.validate(json.without(ADMIN_ONLY));
        if (metadata.scope() != null && Scope.parse(metadata.scope()).tokens().stream().anyMatch(AdminScope::isAdmin)) {
            // Whoever registers itself never administers the server, open or protected registration alike.
            throw invalidMetadata("admin: scopes are given by an administrator only");
        }
        if (config.registration().mode() == RegistryConfig.RegistrationMode.OPEN) {
            openPolicy.check(json, metadata);
        }
        names.check(metadata.clientName());
        return metadata.withVerified(false);
    }

    /** RFC 7592 §2: a wrong token and an unknown client both answer 401 invalid_token. */
    private Uni<RegisteredClient> authorized(String clientId, String authorization) {
        String token = bearer(authorization);
        return store.find(clientId).map(found -> found
                .filter(c -> token != null && secrets.verifyRegistrationToken(c, token))
                .orElseThrow(RegistrationResource::invalidToken));
    }

    private void checkInitialAccessToken(String authorization) {
        if (config.registration().mode() != RegistryConfig.RegistrationMode.PROTECTED) {
            return;
        }
        String expected = config.registration().initialAccessToken().orElse(null);
        String presented = bearer(authorization);
        if (expected == null || presented == null
                || !TokenHash.constantTimeEquals(TokenHash.of(expected), TokenHash.of(presented))) {
            throw invalidToken();
        }
    }

    /** RFC 7591 §3.2.1 / RFC 7592 §3: the client information response. */
    private ObjectNode information(RegisteredClient client, String clientSecret) {
        return ClientJson.withSecret(client, clientSecret).put("registration_client_uri",
                registrationBase + URLEncoder.encode(client.clientId(), StandardCharsets.UTF_8));
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = authorization.substring(BEARER.length()).trim();
        return token.isEmpty() ? null : token;
    }

    private static OAuthException invalidToken() {
        return OAuthError.INVALID_TOKEN.exception("The access token is missing, invalid or not for this client");
    }

    private static OAuthException invalidMetadata(String description) {
        return OAuthError.INVALID_CLIENT_METADATA.exception(description);
    }

    private static Response noStore(Response.ResponseBuilder r) {
        return r.header(HttpHeaders.CACHE_CONTROL, "no-store").header("Pragma", "no-cache").build();
    }
}
