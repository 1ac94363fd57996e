package dev.portcullis.acceptance.client;

import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import java.net.URI;

/**
 * A client registered for one scenario through the admin API (unique id, so runs never collide).
 *
 * @param secret {@code null} for a public client
 */
public record RegisteredClient(String clientId, String secret, URI redirectUri) {

    public ClientID id() {
        return new ClientID(clientId);
    }

    /** RFC 6749 §2.3.1 HTTP Basic. */
    public ClientAuthentication basic() {
        return new ClientSecretBasic(id(), new Secret(secret));
    }

    /** RFC 6749 §2.3.1 credentials in the request body. */
    public ClientAuthentication post() {
        return new ClientSecretPost(id(), new Secret(secret));
    }

    /** Names only: the secret is a credential. */
    @Override
    public String toString() {
        return "RegisteredClient[" + clientId + ", " + redirectUri + "]";
    }
}
