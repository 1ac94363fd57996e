package dev.portcullis.token.issue;

import dev.portcullis.contract.oauth.Scope;
import dev.portcullis.proto.client.v1.Client;
import java.util.List;

/**
 * A grant made by a user to a client, from which {@link UserTokens} issues the token set.
 *
 * @param audience the access token's {@code aud}
 * @param resources the RFC 8707 resources granted, remembered by refresh tokens
 * @param authTime epoch seconds of the user's authentication, 0 when unknown
 * @param refreshToken whether to start a refresh token family
 * @param idToken whether to issue an ID token (the scope contains {@code openid})
 * @param userClaimsJson the user's released claims as carried by the grant (authorization code
 *     record), or null/empty to ask UserDirectory
 */
public record UserGrant(Client client, String subject, Scope scope, List<String> audience, List<String> resources,
        long authTime, String acr, List<String> amr, String nonce, String sessionId, boolean refreshToken,
        boolean idToken, String userClaimsJson) {
}
