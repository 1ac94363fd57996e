package dev.portcullis.token.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;

/** Settings shared by every service of the suite (CONTRIBUTING "Agreements between services"). */
@ConfigMapping(prefix = "portcullis")
public interface PortcullisConfig {

    /** The public issuer (RFC 8414 §2); every absolute URL is built from it. */
    String issuer();

    /** Bearer credential of the admin API, compared in constant time. No default outside %test. */
    String adminToken();

    /**
     * token-service's JWK Set, env {@code PORTCULLIS_JWKS_URL}: the admin API verifies admin access
     * tokens with these keys (read by the rules' {@code JwksKeys}, which also reads the optional
     * {@code portcullis.jwks.*} cache settings below).
     */
    @WithDefault("http://127.0.0.1:8082/jwks")
    String jwksUrl();

    /** {@code portcullis.jwks.max-age}, {@code min-refetch-interval}, {@code fetch-timeout}: see the rules' {@code JwksKeys}. */
    Map<String, String> jwks();
}
