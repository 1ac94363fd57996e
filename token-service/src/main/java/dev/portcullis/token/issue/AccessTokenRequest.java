package dev.portcullis.token.issue;

import dev.portcullis.contract.oauth.Scope;
import dev.portcullis.proto.client.v1.Client;
import java.util.List;

/**
 * What an access token is issued for.
 *
 * @param subject the resource owner, or the client id for client_credentials (RFC 9068 §2.2)
 * @param authTime epoch seconds of the user's authentication, 0 when there is none
 * @param familyId the refresh token family it descends from, or null
 */
public record AccessTokenRequest(Client client, String subject, Scope scope, List<String> audience,
        long authTime, String acr, String familyId) {
}
