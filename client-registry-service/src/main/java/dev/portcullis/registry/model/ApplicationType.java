package dev.portcullis.registry.model;

import java.util.Optional;

/**
 * {@code application_type} of OpenID Connect Dynamic Client Registration §2: decides which
 * redirect URIs are acceptable (RFC 8252 §7 for native apps). Default {@code web}.
 */
public enum ApplicationType {
    WEB("web"),
    NATIVE("native");

    private final String value;

    ApplicationType(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Optional<ApplicationType> fromValue(String value) {
        for (ApplicationType t : values()) {
            if (t.value.equals(value)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
