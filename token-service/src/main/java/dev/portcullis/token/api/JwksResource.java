package dev.portcullis.token.api;

import dev.portcullis.token.config.TokenConfig;
import dev.portcullis.token.keys.KeyRing;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /jwks}: the RFC 7517 §5 JWK Set of every published key (next, active, retired
 * until its tokens expire). Cacheable for a short time; verifiers refetch on an unknown kid.
 */
@Path("/jwks")
public final class JwksResource {
    private static final String JWK_SET = "application/jwk-set+json";
    private final KeyRing ring;
    private final String cacheControl;

    public JwksResource(KeyRing ring, TokenConfig config) {
        this.ring = ring;
        this.cacheControl = "public, max-age=" + config.keys().jwksMaxAge().toSeconds();
    }

    @GET
    public Response jwks() {
        return Response.ok(ring.jwks(), JWK_SET).header(HttpHeaders.CACHE_CONTROL, cacheControl).build();
    }
}
