package dev.portcullis.authorize.request;

import java.util.Optional;

/**
 * How the authorization response reaches the client: OAuth 2.0 Multiple Response Type Encoding
 * Practices §2.1 ({@code query}, {@code fragment}) and OAuth 2.0 Form Post Response Mode §2.
 */
public enum ResponseMode {
    QUERY("query"), FRAGMENT("fragment"), FORM_POST("form_post");

    private final String value;

    ResponseMode(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Optional<ResponseMode> fromValue(String value) {
        for (ResponseMode m : values()) {
            if (m.value.equals(value)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
