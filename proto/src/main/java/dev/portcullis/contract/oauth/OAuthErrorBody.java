package dev.portcullis.contract.oauth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The JSON error body of RFC 6749 §5.2. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OAuthErrorBody(
        @JsonProperty("error") String error,
        @JsonProperty("error_description") String errorDescription) {

    public static OAuthErrorBody of(OAuthException e) {
        return new OAuthErrorBody(e.error().code(), e.description());
    }
}
