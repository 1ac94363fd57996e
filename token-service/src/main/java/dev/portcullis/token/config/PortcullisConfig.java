package dev.portcullis.token.config;

import io.smallrye.config.ConfigMapping;

/** Settings shared by every service of the suite (CONTRIBUTING "Agreements between services"). */
@ConfigMapping(prefix = "portcullis")
public interface PortcullisConfig {

    /** The public issuer (RFC 8414 §2); every absolute URL is built from it. */
    String issuer();

    /** Bearer credential of the admin API, compared in constant time. No default outside %test. */
    String adminToken();
}
