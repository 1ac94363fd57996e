package dev.portcullis.contract.oauth;

/** Token type names shared by the token, revocation and authorize services. */
public final class TokenTypes {
    /** RFC 6750: the {@code token_type} of access tokens. */
    public static final String BEARER = "Bearer";
    /** RFC 7009 §2.1 / RFC 7662 §2.1 {@code token_type_hint} values. */
    public static final String HINT_ACCESS_TOKEN = "access_token";
    public static final String HINT_REFRESH_TOKEN = "refresh_token";
    /** RFC 9068 §2.1: JOSE {@code typ} of JWT access tokens. */
    public static final String JWT_ACCESS_TOKEN_TYP = "at+jwt";
    /** RFC 7523 §2.2 {@code client_assertion_type}. */
    public static final String CLIENT_ASSERTION_TYPE_JWT_BEARER =
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private TokenTypes() {
    }
}
