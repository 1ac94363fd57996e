package dev.portcullis.authorize.request;

import dev.portcullis.contract.oauth.Scope;
import dev.portcullis.proto.client.v1.Client;
import java.util.List;
import java.util.Set;

/**
 * An authorization request that passed every check (RFC 6749 §4.1.1, OIDC Core §3.1.2.1).
 *
 * @param params the parameters as received, carried through login and consent
 * @param redirectUriSent the {@code redirect_uri} parameter as sent, empty when omitted (bound into the code)
 * @param maxAge {@code max_age} in seconds, or -1 when absent
 * @param resources the RFC 8707 resource indicators requested, each registered for the client; bound into the code
 */
public record AuthorizationRequest(
        AuthorizationParameters params,
        Client client,
        RedirectTarget target,
        String redirectUriSent,
        Set<String> responseType,
        Scope scope,
        String nonce,
        String codeChallenge,
        String codeChallengeMethod,
        Set<String> prompt,
        long maxAge,
        String loginHint,
        List<String> resources) {

    public boolean wantsCode() {
        return responseType.contains("code");
    }

    public String clientId() {
        return client.getClientId();
    }

    /** This request granting {@code granted} instead of the scope asked for (RFC 6749 §3.3). */
    public AuthorizationRequest withScope(Scope granted) {
        return new AuthorizationRequest(params, client, target, redirectUriSent, responseType, granted, nonce,
                codeChallenge, codeChallengeMethod, prompt, maxAge, loginHint, resources);
    }
}
