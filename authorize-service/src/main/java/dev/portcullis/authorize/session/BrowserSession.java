package dev.portcullis.authorize.session;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A signed-in browser: who, since when, and the public session id ({@code sid}) that goes into
 * authorization codes (OIDC Front-/Back-Channel Logout). Stored in Redis under the hash of the
 * cookie value, so the store never holds a usable cookie.
 */
public record BrowserSession(
        @JsonProperty("sub") String subject,
        @JsonProperty("auth_time") long authTime,
        @JsonProperty("sid") String sid) {
}
