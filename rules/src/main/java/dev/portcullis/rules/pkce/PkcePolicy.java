package dev.portcullis.rules.pkce;

import dev.portcullis.contract.oauth.ClientAuthMethod;
import dev.portcullis.proto.client.v1.Client;

/**
 * Which clients must use PKCE and which methods each may use, read from the client's registration
 * alone, so that the authorization endpoint that accepts a challenge and the token endpoint that
 * checks its verifier can never disagree.
 *
 * <ul>
 *   <li>Required (RFC 9700 §2.1.1, RFC 7636 §4.4.1): of public clients (token endpoint
 *       authentication {@code none}) and of clients registered with {@code require_pkce}.
 *       authorize-service may require it of every client on top of this
 *       ({@code oauth.authorize.pkce.required-for-all}).</li>
 *   <li>Methods (RFC 7636 §4.2): {@code S256} for every client; {@code plain} only for a client
 *       registered with {@code allow_plain_pkce}. There is no server-wide switch.</li>
 * </ul>
 */
public final class PkcePolicy {
    private PkcePolicy() {
    }

    /** True when a code for this client must be bound to a code challenge. */
    public static boolean required(Client client) {
        return client.getRequirePkce() || ClientAuthMethod.NONE.isRegisteredFor(client);
    }

    /** True when this client may use this code challenge method. */
    public static boolean allows(Client client, CodeChallengeMethod method) {
        return method == CodeChallengeMethod.S256 || client.getAllowPlainPkce();
    }
}
