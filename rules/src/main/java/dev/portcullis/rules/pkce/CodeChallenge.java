package dev.portcullis.rules.pkce;

import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthException;
import dev.portcullis.proto.client.v1.Client;
import java.util.regex.Pattern;

/**
 * A code challenge the authorization endpoint accepted (RFC 7636 §4.3 and §4.4), to be stored
 * with the code it binds.
 *
 * @param value the {@code code_challenge} as sent
 * @param method its method, {@code plain} when the request named none (§4.3)
 */
public record CodeChallenge(String value, CodeChallengeMethod method) {
    /** §4.2 S256: the base64url encoding, without padding, of a SHA-256 digest. */
    private static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");

    /**
     * The challenge of an authorization request, when the client may use its method (S256 always,
     * {@code plain} only with {@code allow_plain_pkce}: {@link PkcePolicy}) and it has that
     * method's syntax (§4.2: S256 exactly 43 base64url characters; {@code plain} the verifier
     * itself, §4.1).
     *
     * @param challenge the {@code code_challenge} parameter, not null
     * @param method the {@code code_challenge_method} parameter, or null
     * @throws OAuthException invalid_request, as §4.4.1 requires for a method the server does not
     *         support for this client, and for a malformed challenge
     */
    public static CodeChallenge accept(Client client, String challenge, String method) {
        CodeChallengeMethod m = CodeChallengeMethod.fromParameter(method)
                .filter(known -> PkcePolicy.allows(client, known))
                .orElseThrow(() -> OAuthError.INVALID_REQUEST.exception(client.getAllowPlainPkce()
                        ? "code_challenge_method must be S256 or plain" : "code_challenge_method must be S256"));
        boolean wellFormed = m == CodeChallengeMethod.S256
                ? S256_CHALLENGE.matcher(challenge).matches()
                : CodeVerifier.wellFormed(challenge);
        if (!wellFormed) {
            throw OAuthError.INVALID_REQUEST.exception("Malformed code_challenge");
        }
        return new CodeChallenge(challenge, m);
    }
}
