package dev.portcullis.contract.oauth;

import dev.portcullis.proto.client.v1.Client;
import java.util.Optional;

/**
 * Client authentication methods by their registered {@code token_endpoint_auth_method} names
 * (RFC 7591 §2, RFC 7523 §2.2): what a client registers, what a request presents, what discovery
 * advertises. The one definition of these names in the suite.
 */
public enum ClientAuthMethod {
    /** RFC 6749 §2.3.1: id and secret in HTTP Basic. */
    CLIENT_SECRET_BASIC("client_secret_basic"),
    /** RFC 6749 §2.3.1: id and secret in the form body. */
    CLIENT_SECRET_POST("client_secret_post"),
    /** RFC 7523 §2.2: a JWT signed with the client's registered key. */
    PRIVATE_KEY_JWT("private_key_jwt"),
    /** RFC 7591 §2: a public client, which does not authenticate (PKCE is then required). */
    NONE("none");

    private final String value;

    ClientAuthMethod(String value) {
        this.value = value;
    }

    /** The name as {@code token_endpoint_auth_method} carries it. */
    public String value() {
        return value;
    }

    /** True for the methods that present a client secret. */
    public boolean usesSecret() {
        return this == CLIENT_SECRET_BASIC || this == CLIENT_SECRET_POST;
    }

    /** True when the client record is registered with this method. */
    public boolean isRegisteredFor(Client client) {
        return value.equals(client.getTokenEndpointAuthMethod());
    }

    /** The method of a registered name; empty for any other (names are case-sensitive). */
    public static Optional<ClientAuthMethod> fromValue(String value) {
        for (ClientAuthMethod m : values()) {
            if (m.value.equals(value)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
