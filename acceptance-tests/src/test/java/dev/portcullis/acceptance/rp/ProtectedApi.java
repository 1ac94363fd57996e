package dev.portcullis.acceptance.rp;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Two bearer-token resource servers (RFC 6750) made of quarkus-oidc tenants pointed at our issuer:
 * {@code /api} verifies JWT access tokens offline with our JWKS (tenant {@code bearer}),
 * {@code /introspected} asks our introspection endpoint about every token (tenant
 * {@code introspected}, RFC 7662), so it sees revocation at once.
 */
@Path("/")
@Authenticated
public class ProtectedApi {
    private final SecurityIdentity identity;

    @Inject
    public ProtectedApi(SecurityIdentity identity) {
        this.identity = identity;
    }

    @GET
    @Path("api/me")
    @Produces(MediaType.TEXT_PLAIN)
    public String jwksVerified() {
        return identity.getPrincipal().getName();
    }

    @GET
    @Path("introspected/me")
    @Produces(MediaType.TEXT_PLAIN)
    public String introspected() {
        return identity.getPrincipal().getName();
    }
}
