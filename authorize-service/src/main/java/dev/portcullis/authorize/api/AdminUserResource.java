package dev.portcullis.authorize.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.portcullis.authorize.admin.UserAdministration;
import dev.portcullis.authorize.admin.UserInput;
import dev.portcullis.authorize.admin.UserView;
import dev.portcullis.authorize.audit.AuditEvent;
import dev.portcullis.authorize.consent.ConsentStore;
import dev.portcullis.authorize.user.UserStore;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthErrorBody;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/**
 * The user admin API (CONTRIBUTING "User admin API"), behind {@code portcullis.admin-token}:
 * create, read, change, disable, delete users, set passwords, list and withdraw consents.
 */
@Path("/admin/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class AdminUserResource {
    /** Body of {@code PUT /admin/users/{sub}/password}. */
    public record PasswordInput(@JsonProperty("password") String password) {
    }

    private final UserAdministration admin;
    private final UserStore users;
    private final ConsentStore consents;
    private final Event<AuditEvent> audit;

    public AdminUserResource(UserAdministration admin, UserStore users, ConsentStore consents, Event<AuditEvent> audit) {
        this.admin = admin;
        this.users = users;
        this.consents = consents;
        this.audit = audit;
    }

    /** 201 with the user and its {@code sub}; 409 when the username is taken. */
    @POST
    public Uni<Response> create(UserInput input) {
        if (input == null) {
            return Uni.createFrom().failure(OAuthError.INVALID_REQUEST.exception("A JSON body is required"));
        }
        return admin.create(input).map(created -> created
                .map(u -> Response.created(URI.create("/admin/users/" + u.subject)).entity(UserView.of(u)).build())
                .orElseGet(() -> Response.status(409).entity(new OAuthErrorBody("invalid_request", "username is taken")).build()));
    }

    @GET
    @Path("/{sub}")
    public Uni<Response> get(@PathParam("sub") String sub) {
        return users.bySubject(sub).map(AdminUserResource::found);
    }

    @GET
    @Path("/by-username/{username}")
    public Uni<Response> byUsername(@PathParam("username") String username) {
        return users.byUsername(username).map(AdminUserResource::found);
    }

    /** Changes claims or {@code enabled}; members left out stay as they are. */
    @PATCH
    @Path("/{sub}")
    public Uni<Response> update(@PathParam("sub") String sub, UserInput input) {
        if (input == null) {
            return Uni.createFrom().failure(OAuthError.INVALID_REQUEST.exception("A JSON body is required"));
        }
        return admin.update(sub, input).map(AdminUserResource::found);
    }

    @PUT
    @Path("/{sub}/password")
    public Uni<Response> setPassword(@PathParam("sub") String sub, PasswordInput input) {
        return admin.setPassword(sub, input == null ? null : input.password())
                .map(done -> done ? Response.noContent().build() : notFound());
    }

    @DELETE
    @Path("/{sub}")
    public Uni<Response> delete(@PathParam("sub") String sub) {
        return admin.delete(sub).map(done -> done ? Response.noContent().build() : notFound());
    }

    @GET
    @Path("/{sub}/consents")
    public Uni<List<ConsentStore.Consent>> consents(@PathParam("sub") String sub) {
        return consents.list(sub);
    }

    /** Withdraws the user's consent to a client: the next authorization asks again. */
    @DELETE
    @Path("/{sub}/consents/{clientId}")
    public Uni<Response> withdraw(@PathParam("sub") String sub, @PathParam("clientId") String clientId) {
        return consents.withdraw(sub, clientId).map(done -> {
            if (!done) {
                return notFound();
            }
            audit.fire(AuditEvent.of(AuditEvent.Type.CONSENT_WITHDRAWN, sub, clientId));
            return Response.noContent().build();
        });
    }

    private static Response found(java.util.Optional<dev.portcullis.authorize.user.User> user) {
        return user.map(u -> Response.ok(UserView.of(u)).build()).orElseGet(AdminUserResource::notFound);
    }

    private static Response notFound() {
        return Response.status(404).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new OAuthErrorBody(OAuthError.NOT_FOUND.code(), "No such user")).build();
    }
}
