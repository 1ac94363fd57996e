package dev.portcullis.revocation.token;

import dev.portcullis.contract.TokenShape;

/** The kinds of token this service answers for, named as in logs and metric labels. */
public enum TokenKind {
    JWT_ACCESS_TOKEN("jwt_access_token"),
    OPAQUE_ACCESS_TOKEN("opaque_access_token"),
    REFRESH_TOKEN("refresh_token"),
    UNKNOWN("unknown");

    private final String label;

    TokenKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The kind a token's shape says it is (shapes are disjoint, see {@link TokenShape}). */
    public static TokenKind of(TokenShape shape) {
        return switch (shape) {
            case JWT -> JWT_ACCESS_TOKEN;
            case OPAQUE -> OPAQUE_ACCESS_TOKEN;
            case REFRESH -> REFRESH_TOKEN;
            case MALFORMED -> UNKNOWN;
        };
    }
}
