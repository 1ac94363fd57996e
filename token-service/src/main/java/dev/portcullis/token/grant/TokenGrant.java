package dev.portcullis.token.grant;

import dev.portcullis.contract.oauth.GrantType;
import dev.portcullis.proto.client.v1.Client;
import io.smallrye.mutiny.Uni;

/**
 * One grant of RFC 6749 §4-6. Each implementation is one CDI bean; {@link GrantRegistry}
 * collects them, so adding a grant is adding a class.
 */
public interface TokenGrant {

    /** The {@code grant_type} value this grant answers. */
    GrantType type();

    /**
     * Handles a request from a client that is already authenticated and allowed this grant.
     *
     * @throws dev.portcullis.contract.oauth.OAuthException (as a failed Uni) with the §5.2 error
     */
    Uni<TokenResponse> handle(TokenRequest request, Client client);
}
