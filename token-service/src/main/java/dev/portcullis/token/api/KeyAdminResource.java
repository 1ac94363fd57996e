package dev.portcullis.token.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.portcullis.token.keys.KeyLifecycle;
import dev.portcullis.token.keys.KeyRing;
import dev.portcullis.token.keys.SigningKey;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.OAuthFlow;
import org.eclipse.microprofile.openapi.annotations.security.OAuthFlows;
import org.eclipse.microprofile.openapi.annotations.security.OAuthScope;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The signing key admin API: {@code GET /admin/keys} lists the keys this replica holds (never a
 * private part), {@code POST /admin/keys/rotate} creates the next key of every algorithm at
 * once. A new key is published immediately and signs after the propagation delay, on every replica.
 * Access is checked before the resource runs by the rules' {@code AdminAccessFilter} (admin:read
 * or admin:keys to read, admin:keys to rotate).
 */
@Path("/admin/keys")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Signing key admin API")
@SecurityScheme(securitySchemeName = "admin", type = SecuritySchemeType.OAUTH2,
        description = "An access token this server issued for the audience <issuer>/admin: GET needs admin:read or "
                + "admin:keys, rotation admin:keys",
        flows = @OAuthFlows(clientCredentials = @OAuthFlow(tokenUrl = "/token", scopes = {
                @OAuthScope(name = "admin:read", description = "read every admin API"),
                @OAuthScope(name = "admin:keys", description = "read and rotate signing keys")})))
@SecurityRequirement(name = "admin", scopes = "admin:keys")
public final class KeyAdminResource {
    /** A signing key as the admin API shows it; instants in seconds since the epoch. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record KeyView(@JsonProperty("kid") String kid, @JsonProperty("alg") String alg,
            @JsonProperty("activates_at") long activatesAt, @JsonProperty("retires_at") Long retiresAt,
            @JsonProperty("unpublish_at") Long unpublishAt, @JsonProperty("signing") boolean signing) {

        static KeyView of(SigningKey k, Instant now) {
            return new KeyView(k.kid(), k.alg().name(), k.activatesAt().getEpochSecond(), seconds(k.retiresAt()),
                    seconds(k.unpublishAt()), k.signsAt(now));
        }

        private static Long seconds(Instant at) {
            return at == null ? null : at.getEpochSecond();
        }
    }

    private final KeyLifecycle lifecycle;
    private final KeyRing ring;
    private final Clock clock;

    public KeyAdminResource(KeyLifecycle lifecycle, KeyRing ring, Clock clock) {
        this.lifecycle = lifecycle;
        this.ring = ring;
        this.clock = clock;
    }

    @GET
    @Operation(summary = "List the signing keys: published, signing, retired but still published")
    @APIResponse(responseCode = "200", description = "{keys: [{kid, alg, activates_at, retires_at, unpublish_at, signing}]}")
    public Map<String, List<KeyView>> list() {
        Instant now = clock.instant();
        return Map.of("keys", ring.keys().stream().map(k -> KeyView.of(k, now)).toList());
    }

    @POST
    @Path("/rotate")
    @Operation(summary = "Create the next key of every algorithm",
            description = "Published in /jwks at once; signs after oauth.token.keys.propagation-delay, on every replica.")
    @APIResponse(responseCode = "200", description = "{created: [kid, ...]}",
            content = @Content(schema = @Schema(example = "{\"created\":[\"rs256-...\",\"es256-...\"]}")))
    public Uni<Map<String, List<String>>> rotate() {
        return lifecycle.rotateNow().map(kids -> Map.of("created", kids));
    }
}
