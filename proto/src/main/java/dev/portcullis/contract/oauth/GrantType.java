package dev.portcullis.contract.oauth;

import java.util.Optional;

/** Grant type names as registered for {@code grant_type} (RFC 6749 §4, RFC 8628 §3.4, RFC 7591 §2). */
public enum GrantType {
    AUTHORIZATION_CODE("authorization_code"),
    CLIENT_CREDENTIALS("client_credentials"),
    REFRESH_TOKEN("refresh_token"),
    PASSWORD("password"),
    IMPLICIT("implicit"),
    DEVICE_CODE("urn:ietf:params:oauth:grant-type:device_code");

    private final String value;

    GrantType(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Optional<GrantType> fromValue(String value) {
        for (GrantType g : values()) {
            if (g.value.equals(value)) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }
}
