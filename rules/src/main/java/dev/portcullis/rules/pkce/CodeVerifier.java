package dev.portcullis.rules.pkce;

import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthException;
import dev.portcullis.proto.client.v1.Client;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Pattern;

/**
 * The token endpoint's half of PKCE: the {@code code_verifier} of a token request checked against
 * the challenge stored with the code (RFC 7636 §4.5 and §4.6), under the same {@link PkcePolicy}
 * the authorization endpoint applied, read from the client's registration as it is now.
 */
public final class CodeVerifier {
    /** RFC 7636 §4.1: 43 to 128 unreserved characters. */
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

    private CodeVerifier() {
    }

    /** RFC 7636 §4.1: the syntax of a {@code code_verifier} (and of a {@code plain} challenge). */
    public static boolean wellFormed(String verifier) {
        return verifier != null && VERIFIER.matcher(verifier).matches();
    }

    /**
     * Checks that the verifier proves possession of the code's challenge.
     *
     * @param challenge the challenge stored with the code, empty when the code has none
     * @param method its method as stored ({@code S256} or {@code plain}; empty means {@code plain}, §4.3)
     * @param verifier the {@code code_verifier} parameter, or null
     * @throws OAuthException invalid_grant (§4.6) when the verifier is missing, malformed or does
     *         not match; when the client may not use the challenge's method (any more); when a
     *         verifier comes for a code without challenge, or a client that must use PKCE has a
     *         code without one (RFC 9700 §2.1.1: PKCE downgrade)
     */
    public static void verify(Client client, String challenge, String method, String verifier) {
        if (challenge == null || challenge.isEmpty()) {
            if (verifier != null) {
                throw failed("code_verifier sent for a code issued without code_challenge");
            }
            if (PkcePolicy.required(client)) {
                throw failed("PKCE is required for this client");
            }
            return;
        }
        CodeChallengeMethod m = CodeChallengeMethod.fromParameter(method)
                .orElseThrow(() -> failed("unknown code_challenge_method"));
        if (!PkcePolicy.allows(client, m)) {
            throw failed("the client may not use code_challenge_method " + m.parameterValue());
        }
        if (!wellFormed(verifier)) {
            throw failed("code_verifier missing or malformed");
        }
        if (!constantTimeEquals(m.challengeOf(verifier), challenge)) {
            throw failed("code_verifier does not match code_challenge");
        }
    }

    /** RFC 7636 §4.6, §7.2: compared in time that depends on the lengths only, never on the content. */
    private static boolean constantTimeEquals(String computed, String stored) {
        return MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII), stored.getBytes(StandardCharsets.US_ASCII));
    }

    private static OAuthException failed(String detail) {
        return OAuthError.INVALID_GRANT.exception("PKCE verification failed").withLogDetail(detail);
    }
}
