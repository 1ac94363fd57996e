package dev.portcullis.rules.pkce;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

/**
 * The code challenge methods of RFC 7636 §4.2, by the names the {@code code_challenge_method}
 * parameter carries, each with the transformation it applies to a {@code code_verifier}.
 */
public enum CodeChallengeMethod {
    /** {@code BASE64URL-ENCODE(SHA256(ASCII(code_verifier)))}: what every client that can must use. */
    S256("S256") {
        @Override
        String challengeOf(String verifier) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
                return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is required of every JDK", e);
            }
        }
    },
    /** {@code code_challenge = code_verifier}: only for clients that cannot do S256 (RFC 7636 §4.2). */
    PLAIN("plain") {
        @Override
        String challengeOf(String verifier) {
            return verifier;
        }
    };

    private final String parameterValue;

    CodeChallengeMethod(String parameterValue) {
        this.parameterValue = parameterValue;
    }

    /** The name as {@code code_challenge_method} carries it (case-sensitive). */
    public String parameterValue() {
        return parameterValue;
    }

    /**
     * The method a {@code code_challenge_method} names. RFC 7636 §4.3: the parameter is optional
     * and defaults to {@code plain}, so null and empty name {@link #PLAIN}.
     *
     * @return empty for any other name (method names are case-sensitive)
     */
    public static Optional<CodeChallengeMethod> fromParameter(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.of(PLAIN);
        }
        for (CodeChallengeMethod m : values()) {
            if (m.parameterValue.equals(value)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** RFC 7636 §4.2 (and §4.6): the challenge this method derives from a verifier. */
    abstract String challengeOf(String verifier);
}
