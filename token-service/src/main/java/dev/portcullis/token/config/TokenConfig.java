package dev.portcullis.token.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Configuration of the token endpoint, its tokens and its signing keys, under {@code oauth.token}.
 * Every property is documented with its default in token-service/README.md.
 */
@ConfigMapping(prefix = "oauth.token")
public interface TokenConfig {

    /**
     * Key-encryption key (base64 of 32 bytes) that encrypts the private parts of the signing
     * keys with AES-256-GCM before they reach PostgreSQL. Required outside the test profile.
     */
    String keyEncryptionKey();

    /** Upper bound of the lifetime of every signed token; retired keys stay published this long. */
    @WithDefault("PT24H")
    Duration maxTokenLifetime();

    /** Maximum number of form parameters accepted by {@code POST /token} (DESIGN: bounded input). */
    @WithDefault("32")
    int maxParameters();

    AccessToken accessToken();

    IdToken idToken();

    RefreshToken refreshToken();

    Keys keys();

    Discovery discovery();

    /** Per-client rate limit of {@code POST /token} ({@code ratelimit.ClientRateLimit}). */
    RateLimit rateLimit();

    /**
     * A token bucket per client: {@code burst} requests at once, then {@code tokens-per-second}
     * on average; beyond it 429 {@code too_many_requests} with {@code Retry-After} (RFC 6585 §4).
     */
    interface RateLimit {
        /** Rate of every client without an entry of its own; none (the default): no limit. */
        java.util.OptionalDouble tokensPerSecond();

        /** Bucket size of those clients; default: {@code tokens-per-second} rounded up, at least 1. */
        java.util.OptionalInt burst();

        /** Entries by client id ({@code clients."<client_id>".tokens-per-second}); they win over the default. */
        java.util.Map<String, ClientRateLimit> clients();
    }

    /** One client's own rate limit. */
    interface ClientRateLimit {
        /** Tokens per second; 0 exempts the client from the default. */
        double tokensPerSecond();

        /** Bucket size; default: {@code tokens-per-second} rounded up, at least 1. */
        java.util.OptionalInt burst();
    }

    /** RFC 9068 access tokens. */
    interface AccessToken {
        /** Lifetime when the client does not set {@code access_token_ttl}. */
        @WithDefault("PT1H")
        Duration defaultTtl();

        /** JWS algorithm of JWT access tokens: ES256 or RS256 (README: chosen by benchmark). */
        @WithDefault("ES256")
        String signingAlg();

        /** {@code aud} when neither RFC 8707 {@code resource} nor the client's default audience is set; the issuer when empty. */
        Optional<List<String>> defaultAudience();
    }

    /** OIDC Core §2 ID tokens. */
    interface IdToken {
        /** Lifetime when the client does not set {@code id_token_ttl}. */
        @WithDefault("PT1H")
        Duration defaultTtl();

        /** JWS algorithm of ID tokens; OIDC Core §15.1 requires RS256 to be available. */
        @WithDefault("RS256")
        String signingAlg();
    }

    /** RFC 6749 §6 refresh tokens. */
    interface RefreshToken {
        /** Lifetime of one refresh token when the client does not set {@code refresh_token_ttl}. */
        @WithDefault("P14D")
        Duration defaultTtl();

        /** Absolute lifetime of a family: no token of it is usable past this, however often it is rotated. */
        @WithDefault("P90D")
        Duration familyLifetime();
    }

    /** Signing key lifecycle. */
    interface Keys {
        /** A new key is created when the newest one is older than this. */
        @WithDefault("P30D")
        Duration rotationPeriod();

        /** A new key is published (as "next") this long before it signs anything. Must exceed jwks-max-age + poll-interval. */
        @WithDefault("PT5M")
        Duration propagationDelay();

        /** Extra time a retired key stays published after the longest-lived token it signed expired. */
        @WithDefault("PT5M")
        Duration retireGrace();

        /** How often every replica re-reads the key table (a Redis notice also triggers a read). */
        @WithDefault("PT15S")
        Duration pollInterval();

        /** {@code Cache-Control: max-age} of {@code /jwks}. */
        @WithDefault("PT60S")
        Duration jwksMaxAge();

        /** RSA modulus size in bits. */
        @WithDefault("2048")
        int rsaKeySize();
    }

    /** What the discovery documents advertise for endpoints served by other services. */
    interface Discovery {
        /** RFC 8414 response_types_supported (served by authorize-service; add "token", "id_token token"... only when its implicit grant is enabled). */
        @WithDefault("code")
        List<String> responseTypes();

        /** response_modes_supported (OAuth 2.0 Multiple Response Types, Form Post Response Mode), as authorize-service serves them. */
        @WithDefault("query,fragment,form_post")
        List<String> responseModes();

        /** Grant types served elsewhere (e.g. implicit by authorize-service), added to this service's own grants. */
        Optional<List<String>> extraGrantTypes();

        /** scopes_supported. */
        @WithDefault("openid,profile,email,offline_access")
        List<String> scopes();

        /** claims_supported (OIDC Discovery §3). */
        @WithDefault("sub,iss,aud,exp,iat,auth_time,nonce,acr,amr,azp,at_hash,sid,name,given_name,family_name,email,email_verified")
        List<String> claims();
    }
}
