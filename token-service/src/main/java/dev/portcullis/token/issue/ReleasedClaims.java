package dev.portcullis.token.issue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.token.client.UserDirectoryClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Map;

/**
 * The user's claims released for the granted scope (OIDC Core §5.4), for the ID token: those the
 * grant carried ({@code AuthorizationCodeRecord.claims_json}, read by authorize-service when it
 * issued the code, so the code exchange makes no gRPC call), else those UserDirectory releases
 * now ({@code GetClaims}: the implicit flow, and code records written by an authorize-service
 * older than the field). Both arrive as one JSON object, decoded here.
 */
@ApplicationScoped
public class ReleasedClaims {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> CLAIMS = new TypeReference<>() { };

    private final UserDirectoryClient users;

    public ReleasedClaims(UserDirectoryClient users) {
        this.users = users;
    }

    /**
     * The claims for {@code context}'s subject and scope.
     *
     * @throws dev.portcullis.contract.oauth.OAuthException invalid_grant when UserDirectory no
     *     longer knows the user (unknown or disabled)
     */
    public Uni<Map<String, Object>> of(IssuanceContext context) {
        if (!context.claimsJson().isEmpty()) {
            return Uni.createFrom().item(() -> decode(context.claimsJson()));
        }
        return users.claims(context.subject(), context.scope()).map(found -> decode(found.orElseThrow(
                () -> OAuthError.INVALID_GRANT.exception("The user is no longer available"))));
    }

    /**
     * Claims as a JSON object, the form of {@code GetClaims} and of {@code claims_json}; empty text is no claims.
     *
     * @throws dev.portcullis.contract.oauth.OAuthException server_error when it is not a JSON object
     */
    public static Map<String, Object> decode(String claimsJson) {
        try {
            return JSON.readValue(claimsJson.isEmpty() ? "{}" : claimsJson, CLAIMS);
        } catch (IOException e) {
            throw OAuthError.SERVER_ERROR.exception("Malformed claims").withLogDetail(e.toString());
        }
    }
}
