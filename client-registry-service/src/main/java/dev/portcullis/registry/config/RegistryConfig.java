package dev.portcullis.registry.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Settings of client-registry-service, prefix {@code oauth.registry}. Every property can be set
 * from the environment (upper case, dots and dashes as underscores), e.g.
 * {@code OAUTH_REGISTRY_SECRET_PEPPER}. The README's configuration table mirrors this interface.
 */
@ConfigMapping(prefix = "oauth.registry")
public interface RegistryConfig {

    /**
     * Key of the HMAC-SHA256 under which client secrets and registration access tokens are
     * stored (DESIGN "Client authentication": a keyed fast hash suits 256-bit server-generated
     * secrets). Required outside the test profile; at least 32 characters. Changing it
     * invalidates every stored secret.
     */
    String secretPepper();

    /**
     * How long a rotated client secret stays valid next to the new one, so deployments can roll
     * the new secret out without downtime. {@code PT0S} ends the old secret at once.
     */
    @WithDefault("PT24H")
    Duration secretGracePeriod();

    /** Dynamic client registration (RFC 7591). */
    Registration registration();

    /** Redirect URI rules (RFC 6749 §3.1.2, RFC 8252 §7). */
    RedirectUris redirectUris();

    /** The admin API (list paging). */
    Admin admin();

    /** The bootstrap admin client, for the first administrator (README "The bootstrap admin client"). */
    BootstrapAdmin bootstrapAdmin();

    /**
     * The client {@code portcullis-admin}: a confidential {@code client_credentials} client holding
     * every admin scope, whose secret an operator sets from the environment.
     */
    interface BootstrapAdmin {
        /**
         * Its secret, env {@code PORTCULLIS_BOOTSTRAP_ADMIN_SECRET}, at least 32 characters. At every
         * start: the client is created with it when absent, takes it as its only secret when it
         * differs (rotation: change it and restart), and is enabled. Absent: an existing
         * bootstrap client is disabled (switched off), none is created.
         */
        Optional<String> secret();

        /** The id of the bootstrap admin client. */
        @WithDefault("portcullis-admin")
        String clientId();
    }

    /** The in-memory cache of client records used on the authentication hot path. */
    Cache cache();

    /** Client assertions (RFC 7523 §3) and the keys they are checked against. */
    Assertions assertions();

    interface Registration {
        /**
         * {@code open}: anyone may register (RFC 7591 §3); {@code protected}: {@code POST /register}
         * needs {@code Authorization: Bearer <initial-access-token>} (RFC 7591 §3, §1.2), the
         * default and the production setting.
         */
        @WithDefault("protected")
        RegistrationMode mode();

        /** The initial access token required in {@code protected} mode. */
        Optional<String> initialAccessToken();

        /** Refuse a registration whose {@code software_id} another client already uses. */
        @WithDefault("false")
        boolean uniqueSoftwareId();

        /**
         * Words a self-registered {@code client_name} may not contain, compared after folding
         * case, accents, look-alike characters and spacing: the product name and the words of
         * people a user trusts. The issuer's host is always reserved as well.
         */
        @WithDefault("Portcullis,security team,administrator,admin,sysadmin,support team,help desk,IT department")
        List<String> reservedNames();

        /** What a client registered without an initial access token may ask for. */
        Open open();
    }

    interface Open {
        /**
         * RFC 8707 §2 resource indicators an openly registered client may list in
         * {@code allowed_resources}: the operator's allow-list. Empty (the default): none, so its
         * access tokens carry only the default audience.
         */
        Optional<List<String>> allowedResources();
    }

    interface RedirectUris {
        /**
         * Accept {@code http} redirect URIs on loopback hosts (127.0.0.1, [::1], localhost) for
         * web applications, for local development. Native applications always may (RFC 8252 §7.3).
         */
        @WithDefault("true")
        boolean allowHttpLoopbackForWebApps();
    }

    interface Admin {
        /** Page size of {@code GET /admin/clients} when {@code size} is not given. */
        @WithDefault("50")
        int pageSize();

        /** Largest page a caller may ask for. */
        @WithDefault("500")
        int maxPageSize();
    }

    interface Cache {
        /** Upper bound on how long a cached client record is trusted without a change notice. */
        @WithDefault("PT5M")
        Duration ttl();

        /** Cache size bound; the cache is emptied when it is reached. */
        @WithDefault("10000")
        int maxEntries();
    }

    interface Assertions {
        /** Tolerated clock difference when checking {@code exp}, {@code nbf} and {@code iat}. */
        @WithDefault("PT30S")
        Duration clockSkew();

        /** Longest remaining lifetime an assertion may have (bounds how long its jti is kept). */
        @WithDefault("PT10M")
        Duration maxLifetime();

        /** How long a key set fetched from a client's {@code jwks_uri} is reused. */
        @WithDefault("PT10M")
        Duration jwksUriCacheTtl();

        /** Timeout of a {@code jwks_uri} fetch. */
        @WithDefault("PT5S")
        Duration jwksUriTimeout();

        /** Accept an {@code http} {@code jwks_uri} on a loopback host (local development and tests). */
        @WithDefault("false")
        boolean allowHttpLoopbackJwksUri();
    }

    /** RFC 7591 §3: whether {@code POST /register} needs an initial access token. */
    enum RegistrationMode {
        /** Anyone may register. */
        OPEN,
        /** Registration needs the initial access token. */
        PROTECTED
    }
}
