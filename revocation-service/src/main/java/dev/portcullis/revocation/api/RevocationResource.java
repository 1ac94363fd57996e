package dev.portcullis.revocation.api;

import dev.portcullis.revocation.authn.CallerAuthentication;
import dev.portcullis.revocation.revoke.TokenRevoker;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

/**
 * The revocation endpoint, RFC 7009 §2: the client authenticates as at the token endpoint
 * (§2.1), names {@code token} and optionally {@code token_type_hint}, and gets 200 with an
 * empty body whether or not anything was revoked (§2.2).
 */
@Path("/revoke")
public final class RevocationResource {
    private final CallerAuthentication callers;
    private final TokenRevoker revoker;

    public RevocationResource(CallerAuthentication callers, TokenRevoker revoker) {
        this.callers = callers;
        this.revoker = revoker;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> revoke(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            MultivaluedMap<String, String> form) {
        return callers.revoker(authorization, form)
                .chain(client -> revoker.revoke(RequestForm.required(form, "token"),
                        RequestForm.optional(form, "token_type_hint"), client.getClientId()))
                .map(done -> Response.ok()
                        .header(HttpHeaders.CACHE_CONTROL, "no-store")
                        .header("Pragma", "no-cache")
                        .build());
    }
}
