package dev.portcullis.revocation.introspect;

import dev.portcullis.contract.oauth.TokenTypes;
import dev.portcullis.proto.client.v1.Client;
import dev.portcullis.revocation.token.ActiveToken;
import java.util.Optional;

/**
 * Which active tokens an authenticated caller may learn about (RFC 7662 §2.2 and §4: the
 * server decides whether the caller is allowed to know about the token).
 *
 * <ul>
 *   <li>a client registered with {@code can_introspect} may see any token;</li>
 *   <li>any other client may see the tokens issued to it, access and refresh tokens alike
 *       ({@code client_id} is its own);</li>
 *   <li>and, as a resource server, the access tokens whose {@code aud} names its
 *       {@code client_id} (RFC 9068 §3: the resource server checks it is the audience).</li>
 * </ul>
 *
 * <p>Any other token is answered as if inactive, {@code {"active":false}}: RFC 7662 §2.2 "the
 * authorization server ... MUST return an introspection response with the active field set to
 * false" when the caller is not allowed to know about it, so a 403 would tell it the token exists.
 */
public final class IntrospectionRights {
    private IntrospectionRights() {
    }

    /** True when {@code caller} may see {@code token}. */
    public static boolean allows(Client caller, ActiveToken token) {
        if (caller.getCanIntrospect()) {
            return true;
        }
        String callerId = caller.getClientId();
        if (callerId.equals(token.clientId())) {
            return true;
        }
        return TokenTypes.BEARER.equals(token.tokenType()) && token.aud().contains(callerId);
    }

    /** {@code found} as {@code caller} may see it: empty, that is inactive, when it may not. */
    public static Optional<ActiveToken> visibleTo(Client caller, Optional<ActiveToken> found) {
        return found.filter(t -> allows(caller, t));
    }
}
