package dev.portcullis.token.api;

import dev.portcullis.token.keys.KeyLifecycle;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /admin/keys/rotate}: creates the next key of every algorithm at once. It is
 * published immediately and signs after the propagation delay, on every replica.
 */
@Path("/admin/keys")
public final class KeyAdminResource {
    private final KeyLifecycle lifecycle;
    private final AdminAuthorization admin;

    public KeyAdminResource(KeyLifecycle lifecycle, AdminAuthorization admin) {
        this.lifecycle = lifecycle;
        this.admin = admin;
    }

    @POST
    @Path("/rotate")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Map<String, List<String>>> rotate(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        admin.require(authorization);
        return lifecycle.rotateNow().map(kids -> Map.of("created", kids));
    }
}
