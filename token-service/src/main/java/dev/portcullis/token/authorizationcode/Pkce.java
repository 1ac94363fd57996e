package dev.portcullis.token.authorizationcode;

import dev.portcullis.contract.TokenHash;
import dev.portcullis.rules.client.ClientCredentials;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthException;
import dev.portcullis.proto.client.v1.Client;
import dev.portcullis.proto.records.v1.AuthorizationCodeRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * RFC 7636 §4.6: the server checks the {@code code_verifier} against the challenge stored with
 * the code. S256 always; {@code plain} only when configuration and the client both allow it.
 * A verifier without a challenge is refused too (RFC 9700 §2.1.1: PKCE downgrade).
 */
public final class Pkce {
    /** RFC 7636 §4.1: 43 to 128 unreserved characters. */
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

    private Pkce() {
    }

    /** @throws OAuthException invalid_grant when the verifier does not prove possession */
    public static void verify(AuthorizationCodeRecord code, String verifier, Client client, boolean plainAllowed) {
        String challenge = code.getCodeChallenge();
        if (challenge.isEmpty()) {
            if (verifier != null) {
                throw failed("code_verifier sent for a code issued without code_challenge");
            }
            if (client.getRequirePkce() || ClientCredentials.NONE.equals(client.getTokenEndpointAuthMethod())) {
                throw failed("PKCE is required for this client");
            }
            return;
        }
        if (verifier == null || !VERIFIER.matcher(verifier).matches()) {
            throw failed("code_verifier missing or malformed");
        }
        String method = code.getCodeChallengeMethod().isEmpty() ? "plain" : code.getCodeChallengeMethod();
        String computed = switch (method) {
            case "S256" -> s256(verifier);
            case "plain" -> {
                if (!plainAllowed || !client.getAllowPlainPkce()) {
                    throw failed("plain PKCE is not allowed");
                }
                yield verifier;
            }
            default -> throw failed("unknown code_challenge_method");
        };
        if (!TokenHash.constantTimeEquals(computed, challenge)) {
            throw failed("code_verifier does not match code_challenge");
        }
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OAuthException failed(String detail) {
        return OAuthError.INVALID_GRANT.exception("PKCE verification failed").withLogDetail(detail);
    }
}
