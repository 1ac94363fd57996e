package dev.portcullis.token.issue;

import dev.portcullis.contract.oauth.Scope;
import dev.portcullis.proto.client.v1.Client;
import java.util.List;

/**
 * What an ID token is issued for (OIDC Core §2).
 *
 * @param authTime epoch seconds, 0 when unknown
 * @param accessToken the access token issued alongside, for {@code at_hash}, or null
 * @param userClaimsJson the user's released claims (OIDC Core §5.4) as a JSON object, carried by
 *     the grant; null or empty to ask UserDirectory
 */
public record IdTokenRequest(Client client, String subject, Scope scope, String nonce, long authTime, String acr,
        List<String> amr, String sessionId, String accessToken, String userClaimsJson) {
}
