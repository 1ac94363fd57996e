package dev.portcullis.registry.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.registry.api.ClientJson;
import dev.portcullis.registry.config.RegistryConfig;
import dev.portcullis.registry.model.RegisteredClient;
import dev.portcullis.registry.registration.ClientRegistrations;
import dev.portcullis.registry.registration.MetadataJson;
import dev.portcullis.registry.registration.MetadataValidator;
import dev.portcullis.registry.store.ClientStore;
import dev.portcullis.rules.admin.AdminCaller;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.OAuthFlow;
import org.eclipse.microprofile.openapi.annotations.security.OAuthFlows;
import org.eclipse.microprofile.openapi.annotations.security.OAuthScope;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The client admin API for platform teams (CONTRIBUTING "Client admin API"): list, get,
 * create (with a chosen {@code client_id}), replace, enable/disable, delete, rotate the secret.
 * Bodies are RFC 7591 client metadata plus Portcullis' extensions, validated exactly as in
 * dynamic registration. Secrets appear once, in the response that issues them.
 */
@Path("/admin/clients")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Client admin API")
@SecurityScheme(securitySchemeName = "admin", type = SecuritySchemeType.OAUTH2,
        description = "An access token this server issued for the audience <issuer>/admin: GET needs admin:read or "
                + "admin:clients, every other method admin:clients",
        flows = @OAuthFlows(clientCredentials = @OAuthFlow(tokenUrl = "/token", scopes = {
                @OAuthScope(name = "admin:read", description = "read every admin API"),
                @OAuthScope(name = "admin:clients", description = "read and change clients")})))
@SecurityRequirement(name = "admin", scopes = "admin:clients")
public final class ClientAdminResource {
    /** Members a GET shows that only the server sets. */
    static final Set<String> READ_ONLY = Set.of("client_id_issued_at", "updated_at", "client_secret_expires_at",
            "verified");
    private static final Set<String> UNDERSTOOD = Stream.of(MetadataValidator.MEMBERS, READ_ONLY, Set.of("client_id"))
            .flatMap(Set::stream).collect(Collectors.toUnmodifiableSet());
    private static final String EXAMPLE = """
            {"client_id":"demo-client","client_name":"Demo client",
             "grant_types":["client_credentials","authorization_code","refresh_token"],
             "token_endpoint_auth_method":"client_secret_basic",
             "redirect_uris":["http://localhost:8080/demo/callback"],
             "scope":"openid profile email offline_access api","can_introspect":true}""";

    private final ClientStore store;
    private final ClientRegistrations registrations;
    private final MetadataValidator validator;
    private final RegistryConfig config;
    private final AdminCaller caller;

    public ClientAdminResource(ClientStore store, ClientRegistrations registrations, MetadataValidator validator,
            RegistryConfig config, AdminCaller caller) {
        this.caller = caller;
        this.store = store;
        this.registrations = registrations;
        this.validator = validator;
        this.config = config;
    }

    @GET
    @Operation(summary = "List clients, ordered by client_id",
            description = "page starts at 0; size defaults to oauth.registry.admin.page-size")
    @APIResponse(responseCode = "200", description = "{clients: [...], page, size, total}")
    public Uni<Response> list(@QueryParam("page") String page, @QueryParam("size") String size) {
        int p = number(page, 0);
        int s = number(size, config.admin().pageSize());
        if (p < 0 || s < 1 || s > config.admin().maxPageSize()) {
            throw OAuthError.INVALID_REQUEST.exception("page must be >= 0 and size between 1 and "
                    + config.admin().maxPageSize());
        }
        return store.list(p, s).map(result -> {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            ArrayNode clients = body.putArray("clients");
            result.clients().forEach(c -> clients.add(ClientJson.of(c)));
            body.put("page", result.page()).put("size", result.size()).put("total", result.total());
            return noStore(Response.ok(body));
        });
    }

    @GET
    @Path("{clientId}")
    @Operation(summary = "Get a client (never its secret)")
    @APIResponse(responseCode = "200", description = "The client")
    @APIResponse(responseCode = "404", description = "not_found")
    public Uni<Response> get(@PathParam("clientId") String clientId) {
        return store.find(clientId).map(found -> noStore(Response.ok(ClientJson.of(orNotFound(found)))));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a client",
            description = "RFC 7591 metadata plus client_id (optional, chosen id), access_token_format, "
                    + "access_token_ttl, refresh_token_ttl, id_token_ttl, skip_consent, rotate_refresh_tokens, "
                    + "post_logout_redirect_uris, require_pkce, allow_plain_pkce, can_introspect, enabled, "
                    + "default_audience, allowed_resources (RFC 8707 §2). The response carries client_secret once "
                    + "for confidential clients.")
    @APIResponse(responseCode = "201", description = "The client, with client_secret for secret-based clients")
    @APIResponse(responseCode = "400", description = "invalid_client_metadata (also for a member the API does not "
            + "know, named in error_description) or invalid_redirect_uri")
    @APIResponse(responseCode = "409", description = "conflict: the client_id is taken")
    public Uni<Response> create(@RequestBody(description = "RFC 7591 client metadata plus extensions",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, example = EXAMPLE)) String body) {
        MetadataJson json = understood(body);
        Optional<String> clientId = json.string("client_id");
        return registrations.create(validator.validate(json), clientId, false, actor())
                .map(issued -> noStore(Response.status(Response.Status.CREATED)
                        .entity(ClientJson.withSecret(issued.client(), issued.clientSecret()))));
    }

    @PUT
    @Path("{clientId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a client's metadata",
            description = "Validated as on creation. A client moving to a secret-based method gets client_secret.")
    @APIResponse(responseCode = "200", description = "The client")
    @APIResponse(responseCode = "400", description = "invalid_client_metadata (also for an unknown member) or "
            + "invalid_redirect_uri")
    @APIResponse(responseCode = "404", description = "not_found")
    public Uni<Response> replace(@PathParam("clientId") String clientId, String body) {
        MetadataJson json = understood(body);
        json.string("client_id").filter(id -> !id.equals(clientId)).ifPresent(id -> {
            throw OAuthError.INVALID_CLIENT_METADATA.exception("client_id does not match the path");
        });
        var metadata = validator.validate(json);
        return registrations.replace(clientId, current -> metadata.withVerified(current.verified()), actor())
                .map(updated -> {
                    ClientRegistrations.Issued issued = orNotFound(updated);
                    return noStore(Response.ok(ClientJson.withSecret(issued.client(), issued.clientSecret())));
                });
    }

    @POST
    @Path("{clientId}/disable")
    @Operation(summary = "Disable a client: it can no longer authenticate or be used")
    public Uni<Response> disable(@PathParam("clientId") String clientId) {
        return registrations.setEnabled(clientId, false, actor())
                .map(updated -> noStore(Response.ok(ClientJson.of(orNotFound(updated)))));
    }

    @POST
    @Path("{clientId}/enable")
    @Operation(summary = "Enable a disabled client")
    public Uni<Response> enable(@PathParam("clientId") String clientId) {
        return registrations.setEnabled(clientId, true, actor())
                .map(updated -> noStore(Response.ok(ClientJson.of(orNotFound(updated)))));
    }

    @POST
    @Path("{clientId}/verify")
    @Operation(summary = "Verify a self-registered client",
            description = "An administrator vouches for the client's name and presentation: the sign-in and "
                    + "consent pages stop calling it an unverified application. A later RFC 7592 change of "
                    + "client_name, client_uri or logo_uri makes it unverified again.")
    @APIResponse(responseCode = "200", description = "The client, with verified: true")
    @APIResponse(responseCode = "404", description = "not_found")
    public Uni<Response> verify(@PathParam("clientId") String clientId) {
        return registrations.setVerified(clientId, true, actor())
                .map(updated -> noStore(Response.ok(ClientJson.of(orNotFound(updated)))));
    }

    @DELETE
    @Path("{clientId}")
    @Operation(summary = "Delete a client")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "not_found")
    public Uni<Response> delete(@PathParam("clientId") String clientId) {
        return registrations.delete(clientId, actor()).map(deleted -> {
            if (!deleted) {
                throw notFound();
            }
            return Response.noContent().build();
        });
    }

    @POST
    @Path("{clientId}/secret")
    @Operation(summary = "Rotate the client secret",
            description = "Answers the new client_secret once; the previous secret stays valid for "
                    + "oauth.registry.secret-grace-period (previous_secret_expires_at).")
    @APIResponse(responseCode = "200", description = "{client_id, client_secret, client_secret_expires_at, "
            + "previous_secret_expires_at}")
    public Uni<Response> rotateSecret(@PathParam("clientId") String clientId) {
        return registrations.rotateSecret(clientId, actor()).map(updated -> {
            RegisteredClient client = orNotFound(updated).client();
            ObjectNode body = JsonNodeFactory.instance.objectNode()
                    .put("client_id", client.clientId())
                    .put("client_secret", updated.get().clientSecret())
                    .put("client_secret_expires_at", 0)
                    .put("previous_secret_expires_at", client.previousSecretExpiresAt());
            return noStore(Response.ok(body));
        });
    }

    /**
     * Parses a body and refuses members the API does not understand, naming them. The members a
     * GET shows but nobody sets ({@link #READ_ONLY}) are accepted and ignored, so a client read
     * with GET can be sent back with PUT.
     */
    private static MetadataJson understood(String body) {
        MetadataJson json = MetadataJson.parse(body);
        if (json.has("client_secret")) {
            throw OAuthError.INVALID_CLIENT_METADATA.exception(
                    "client_secret is issued by the server: rotate it with POST /admin/clients/{client_id}/secret");
        }
        List<String> unknown = json.membersOutside(UNDERSTOOD);
        if (!unknown.isEmpty()) {
            throw OAuthError.INVALID_CLIENT_METADATA.exception(UnknownMembers.describe(unknown));
        }
        return json;
    }

    /** Who is acting, for the audit record: the admin token's {@code sub} and {@code client_id}. */
    private String actor() {
        return "admin " + caller.actor();
    }

    private static int number(String value, int absent) {
        if (value == null || value.isEmpty()) {
            return absent;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw OAuthError.INVALID_REQUEST.exception("page and size must be whole numbers");
        }
    }

    private static <T> T orNotFound(Optional<T> value) {
        return value.orElseThrow(ClientAdminResource::notFound);
    }

    /** 404 {@code not_found} (proto's {@code UnexpectedExceptionMapper}): no OAuth error. */
    private static jakarta.ws.rs.NotFoundException notFound() {
        return new jakarta.ws.rs.NotFoundException("No such client");
    }

    private static Response noStore(Response.ResponseBuilder r) {
        return r.header(HttpHeaders.CACHE_CONTROL, "no-store").header("Pragma", "no-cache").build();
    }
}
