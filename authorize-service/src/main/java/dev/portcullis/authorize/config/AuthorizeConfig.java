package dev.portcullis.authorize.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the authorization endpoint, login, consent and sessions ({@code oauth.authorize.*}).
 * Every property can be set from the environment ({@code OAUTH_AUTHORIZE_CODE_TTL=PT30S}).
 */
@ConfigMapping(prefix = "oauth.authorize")
public interface AuthorizeConfig {

    /** Lifetime of an authorization code. RFC 6749 §4.1.2 recommends at most 10 minutes; 60 s is plenty. */
    @WithDefault("PT60S")
    Duration codeTtl();

    /** Lifetime of a browser session (single sign-on) from its login. */
    @WithDefault("PT8H")
    Duration sessionTtl();

    /** Cookie settings of the browser session and CSRF cookies. */
    Cookie cookie();

    /** PKCE policy (RFC 7636, RFC 9700 §2.1.1). */
    Pkce pkce();

    /** Sign-in throttle (DESIGN invariant: login is rate-limited per account and per address). */
    LoginThrottle loginThrottle();

    /** Look of the pages. */
    Branding branding();

    /**
     * Whether the implicit grant (RFC 6749 §4.2, OIDC {@code id_token token}) may be used at all.
     * Legacy per RFC 9700 §2.1.2: off unless the operator turns it on, and then only for clients
     * whose registered {@code response_types} include it.
     */
    @WithDefault("false")
    boolean implicitGrantEnabled();

    /** Password hashing (Argon2id, RFC 9106). */
    PasswordHash passwordHash();

    interface Cookie {
        /** {@code Secure} attribute. Turn off only for plain-http local runs. */
        @WithDefault("true")
        boolean secure();

        /** Name of the session cookie (holds only the session id). */
        @WithDefault("portcullis_session")
        String sessionName();

        /** Name of the CSRF double-submit cookie. */
        @WithDefault("portcullis_csrf")
        String csrfName();
    }

    interface Pkce {
        /**
         * Require PKCE of every client, whatever its {@code require_pkce} flag says. Public
         * clients and clients registered with {@code require_pkce} need it in any case.
         */
        @WithDefault("false")
        boolean requiredForAll();
    }

    /**
     * Growing delays instead of a lockout, for the login page and the password grant alike
     * ({@code login.LoginThrottle}). The delay after the n-th failure counted at a level is none
     * up to {@code free-failures}, then {@code base-delay} doubled for each further failure, at
     * most {@code max-delay}.
     */
    interface LoginThrottle {
        /** Counters are forgotten this long after the last attempt they counted. */
        @WithDefault("PT15M")
        Duration window();

        /** How long an address the account signed in from is remembered (it skips the account and address delays). */
        @WithDefault("P30D")
        Duration knownAddressTtl();

        /** One account from one client address: the guesser's own address stays slow. */
        AccountAndAddress accountAndAddress();

        /** One account from every address it never signed in from: short, so the owner is never locked out. */
        Account account();

        /** One client address over every account that never signed in from it (a NAT address). */
        Address address();
    }

    /** The delays of one throttle level. */
    interface Level {
        /** Failures counted before the first delay. */
        int freeFailures();

        /** The first delay, doubled for each further failure. */
        Duration baseDelay();

        /** The longest delay. */
        Duration maxDelay();
    }

    interface AccountAndAddress extends Level {
        @Override
        @WithDefault("3")
        int freeFailures();

        @Override
        @WithDefault("PT1S")
        Duration baseDelay();

        @Override
        @WithDefault("PT15M")
        Duration maxDelay();
    }

    interface Account extends Level {
        @Override
        @WithDefault("10")
        int freeFailures();

        @Override
        @WithDefault("PT1S")
        Duration baseDelay();

        @Override
        @WithDefault("PT30S")
        Duration maxDelay();
    }

    interface Address extends Level {
        @Override
        @WithDefault("20")
        int freeFailures();

        @Override
        @WithDefault("PT1S")
        Duration baseDelay();

        @Override
        @WithDefault("PT1M")
        Duration maxDelay();
    }

    interface Branding {
        /** Product name shown in titles and headings. */
        @WithDefault("Portcullis")
        String productName();

        /** Absolute https URL (or data: URL) of a logo shown above the forms. */
        Optional<String> logoUrl();

        /** Accent colour of buttons and links (CSS hex colour). */
        @WithDefault("#1d4ed8")
        String primaryColor();

        /** Page background colour (CSS hex colour). */
        @WithDefault("#f3f4f6")
        String backgroundColor();

        /** Text colour (CSS hex colour); keep a 4.5:1 contrast with the background. */
        @WithDefault("#111827")
        String textColor();
    }

    interface PasswordHash {
        /** Argon2id memory in KiB (OWASP: 19456 = 19 MiB). */
        @WithDefault("19456")
        int memoryKib();

        /** Argon2id passes. */
        @WithDefault("2")
        int iterations();

        /** Argon2id lanes. */
        @WithDefault("1")
        int parallelism();

        /**
         * Hashes computed at once; further logins wait for a turn. Bounds the memory logins can take
         * ({@code memory-kib} each) whatever the worker pool's size. Default: the number of CPUs.
         */
        java.util.OptionalInt maxConcurrent();
    }
}
