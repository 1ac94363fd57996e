package dev.portcullis.registry.model;

import java.util.Optional;

/** How access tokens for a client are shaped: RFC 9068 JWT (default) or an opaque reference. */
public enum AccessTokenFormat {
    JWT("jwt"),
    OPAQUE("opaque");

    private final String value;

    AccessTokenFormat(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Optional<AccessTokenFormat> fromValue(String value) {
        for (AccessTokenFormat f : values()) {
            if (f.value.equals(value)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
