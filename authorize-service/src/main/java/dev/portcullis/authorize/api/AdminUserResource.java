package dev.portcullis.authorize.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.portcullis.authorize.admin.StrictJson;
import dev.portcullis.authorize.admin.UserAdministration;
import dev.portcullis.authorize.admin.UserInput;
import dev.portcullis.authorize.admin.UserView;
import dev.portcullis.authorize.audit.AuditEvent;
import dev.portcullis.authorize.consent.ConsentStore;
import dev.portcullis.authorize.user.User;
import dev.portcullis.authorize.user.UserStore;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.rules.admin.AdminCaller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Event;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.OAuthFlow;
import org.eclipse.microprofile.openapi.annotations.security.OAuthFlows;
import org.eclipse.microprofile.openapi.annotations.security.OAuthScope;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The user admin API (CONTRIBUTING "User admin API"): list and search, create, read, change,
 * disable, delete users, set passwords, list and withdraw consents. Bodies are read strictly
 * ({@link StrictJson}): a member the API does not know is refused and named.
 */
@Path("/admin/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "User admin API")
@SecurityScheme(securitySchemeName = "admin", type = SecuritySchemeType.OAUTH2,
        description = "An access token this server issued for the audience <issuer>/admin: GET needs admin:read or "
                + "admin:users, every other method admin:users; giving roles, or changing a person who holds them, "
                + "needs every scope those roles allow",
        flows = @OAuthFlows(clientCredentials = @OAuthFlow(tokenUrl = "/token", scopes = {
                @OAuthScope(name = "admin:read", description = "read every admin API"),
                @OAuthScope(name = "admin:users", description = "read and change users")})))
@SecurityRequirement(name = "admin", scopes = "admin:users")
public final class AdminUserResource {
    /** Page size of {@code GET /admin/users} when {@code size} is not given, and the largest allowed. */
    static final int PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE = 200;
    private static final int MAX_QUERY = 255;
    private static final String USER_EXAMPLE = """
            {"username":"ada","password":"correct horse battery staple","email":"ada@example.com",
             "email_verified":true,"name":"Ada Lovelace","given_name":"Ada","family_name":"Lovelace"}""";

    /** Body of {@code PUT /admin/users/{sub}/password}. */
    public record PasswordInput(@JsonProperty("password") String password) {
    }

    /** One page of {@code GET /admin/users}. */
    public record UserList(@JsonProperty("users") List<UserView> users, @JsonProperty("page") int page,
            @JsonProperty("size") int size, @JsonProperty("total") long total) {
    }

    private final UserAdministration admin;
    private final UserStore users;
    private final ConsentStore consents;
    private final Event<AuditEvent> audit;
    private final AdminCaller caller;

    public AdminUserResource(UserAdministration admin, UserStore users, ConsentStore consents, Event<AuditEvent> audit,
            AdminCaller caller) {
        this.caller = caller;
        this.admin = admin;
        this.users = users;
        this.consents = consents;
        this.audit = audit;
    }

    @GET
    @Operation(summary = "List users, ordered by username",
            description = "q (optional) keeps the users whose username, email or name contains it, regardless of "
                    + "case. page starts at 0; size defaults to " + PAGE_SIZE + ", at most " + MAX_PAGE_SIZE + ".")
    @APIResponse(responseCode = "200", description = "{users: [...], page, size, total}",
            content = @Content(schema = @Schema(implementation = UserList.class)))
    @APIResponse(responseCode = "400", description = "invalid_request: page, size or q out of range")
    public Uni<UserList> list(@Parameter(description = "search text") @QueryParam("q") String q,
            @QueryParam("page") String page, @QueryParam("size") String size) {
        int p = number(page, 0);
        int s = number(size, PAGE_SIZE);
        if (p < 0 || s < 1 || s > MAX_PAGE_SIZE) {
            throw OAuthError.INVALID_REQUEST.exception("page must be >= 0 and size between 1 and " + MAX_PAGE_SIZE);
        }
        String query = q == null ? "" : q.trim();
        if (query.length() > MAX_QUERY) {
            throw OAuthError.INVALID_REQUEST.exception("q has at most " + MAX_QUERY + " characters");
        }
        return users.search(query, p, s).map(result -> new UserList(
                result.users().stream().map(UserView::of).toList(), result.page(), result.size(), result.total()));
    }

    @POST
    @Operation(summary = "Create a user", description = "username is required; the other members are OIDC Core §5.1 "
            + "claims. A member the API does not know is refused (400, named in error_description).")
    @APIResponse(responseCode = "201", description = "The user, with its sub",
            content = @Content(schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "400", description = "invalid_request")
    @APIResponse(responseCode = "403", description = "insufficient_scope, also for roles the caller could not hold")
    @APIResponse(responseCode = "409", description = "conflict: the username is taken")
    public Uni<Response> create(@RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = UserInput.class), example = USER_EXAMPLE)) String body) {
        UserInput input = StrictJson.read(body, UserInput.class);
        return admin.create(input, caller.actor()).map(created -> created
                .map(u -> Response.created(URI.create("/admin/users/" + u.subject)).entity(UserView.of(u)).build())
                .orElseThrow(() -> OAuthError.CONFLICT.exception("username is taken")));
    }

    @GET
    @Path("/{sub}")
    @Operation(summary = "Get a user (never the password hash)")
    @APIResponse(responseCode = "200", description = "The user",
            content = @Content(schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "404", description = "not_found")
    public Uni<Response> get(@PathParam("sub") String sub) {
        return users.bySubject(sub).map(AdminUserResource::found);
    }

    @GET
    @Path("/by-username/{username}")
    @Operation(summary = "Find a user by username, regardless of case")
    @APIResponse(responseCode = "200", description = "The user",
            content = @Content(schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "404", description = "not_found")
    public Uni<Response> byUsername(@PathParam("username") String username) {
        return users.byUsername(username).map(AdminUserResource::found);
    }

    @PATCH
    @Path("/{sub}")
    @Operation(summary = "Change claims or enabled; members left out stay as they are",
            description = "username and password cannot be changed here (password: PUT /admin/users/{sub}/password).")
    @APIResponse(responseCode = "200", description = "The user",
            content = @Content(schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "400", description = "invalid_request")
    @APIResponse(responseCode = "404", description = "not_found")
    public Uni<Response> update(@PathParam("sub") String sub,
            @RequestBody(content = @Content(schema = @Schema(implementation = UserInput.class))) String body) {
        UserInput input = StrictJson.read(body, UserInput.class);
        return admin.update(sub, input, caller.actor()).map(AdminUserResource::found);
    }

    @PUT
    @Path("/{sub}/password")
    @Operation(summary = "Set a user's password (8 to 1024 characters)")
    @APIResponse(responseCode = "204", description = "Set")
    @APIResponse(responseCode = "400", description = "invalid_request")
    @APIResponse(responseCode = "404", description = "not_found")
    public Uni<Response> setPassword(@PathParam("sub") String sub,
            @RequestBody(content = @Content(schema = @Schema(implementation = PasswordInput.class))) String body) {
        PasswordInput input = StrictJson.read(body, PasswordInput.class);
        return admin.setPassword(sub, input.password(), caller.actor())
                .map(AdminUserResource::noContentOrNotFound);
    }

    @DELETE
    @Path("/{sub}")
    @Operation(summary = "Delete a user and their consents")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "not_found")
    public Uni<Response> delete(@PathParam("sub") String sub) {
        return admin.delete(sub, caller.actor()).map(AdminUserResource::noContentOrNotFound);
    }

    @GET
    @Path("/{sub}/consents")
    @Operation(summary = "List a user's consents")
    public Uni<List<ConsentStore.Consent>> consents(@PathParam("sub") String sub) {
        return consents.list(sub);
    }

    @DELETE
    @Path("/{sub}/consents/{clientId}")
    @Operation(summary = "Withdraw the user's consent to a client: the next authorization asks again")
    @APIResponse(responseCode = "204", description = "Withdrawn")
    @APIResponse(responseCode = "404", description = "not_found")
    public Uni<Response> withdraw(@PathParam("sub") String sub, @PathParam("clientId") String clientId) {
        return consents.withdraw(sub, clientId).map(done -> {
            if (!done) {
                throw notFound();
            }
            audit.fire(AuditEvent.of(AuditEvent.Type.CONSENT_WITHDRAWN, sub, clientId));
            return Response.noContent().build();
        });
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

    private static Response found(Optional<User> user) {
        return Response.ok(UserView.of(user.orElseThrow(AdminUserResource::notFound))).build();
    }

    private static Response noContentOrNotFound(boolean done) {
        if (!done) {
            throw notFound();
        }
        return Response.noContent().build();
    }

    /** 404 {@code not_found} (proto's {@code UnexpectedExceptionMapper}): no OAuth error. */
    private static jakarta.ws.rs.NotFoundException notFound() {
        return new jakarta.ws.rs.NotFoundException("No such user");
    }
}
