package dev.portcullis.revocation.api;

import dev.portcullis.revocation.authn.CallerAuthentication;
import dev.portcullis.revocation.introspect.IntrospectionRights;
import dev.portcullis.revocation.introspect.TokenIntrospector;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

/**
 * The introspection endpoint, RFC 7662 §2: the caller authenticates first (§2.1), then learns
 * whether {@code token} is active (§2.2). {@code token_type_hint} is accepted and not needed.
 * A token the caller may not know about ({@link IntrospectionRights}) is answered
 * {@code {"active":false}}, as an inactive one.
 */
@Path("/introspect")
public final class IntrospectionResource {
    private final CallerAuthentication callers;
    private final TokenIntrospector introspector;

    public IntrospectionResource(CallerAuthentication callers, TokenIntrospector introspector) {
        this.callers = callers;
        this.introspector = introspector;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> introspect(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            MultivaluedMap<String, String> form) {
        return callers.introspector(authorization, form).chain(caller -> {
            String token = RequestForm.required(form, "token");
            RequestForm.optional(form, "token_type_hint"); // any value; only a repeat is refused
            return introspector.introspect(token).map(found -> IntrospectionRights.visibleTo(caller, found));
        }).map(answer -> Response.ok(IntrospectionJson.of(answer))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Pragma", "no-cache")
                .build());
    }
}
