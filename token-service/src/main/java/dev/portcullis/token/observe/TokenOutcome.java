package dev.portcullis.token.observe;

/**
 * A CDI event for every answer of the token endpoint, observed by the audit log and metrics,
 * so protocol code never logs or counts.
 *
 * @param grantType the requested grant_type, or null when the request had none
 * @param clientId the client, when it was identified
 * @param error the OAuth error code, or null when tokens were issued
 */
public record TokenOutcome(String grantType, String clientId, String error) {

    public boolean issued() {
        return error == null;
    }
}
