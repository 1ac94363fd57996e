package dev.portcullis.token.keys;

import java.util.Optional;

/** JWS algorithms this service signs with (RFC 7518 §3.1). */
public enum SigningAlgorithm {
    /** RSASSA-PKCS1-v1_5 with SHA-256; OIDC Core §15.1 requires it for ID tokens. */
    RS256,
    /** ECDSA P-256 with SHA-256. */
    ES256;

    public static Optional<SigningAlgorithm> of(String name) {
        for (SigningAlgorithm a : values()) {
            if (a.name().equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The configured algorithm, or a start-up failure naming the property. */
    public static SigningAlgorithm configured(String property, String value) {
        return of(value).orElseThrow(() -> new IllegalStateException(
                property + " must be RS256 or ES256, not " + value));
    }
}
