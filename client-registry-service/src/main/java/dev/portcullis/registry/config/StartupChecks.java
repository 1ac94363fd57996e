package dev.portcullis.registry.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses to start with settings that would only fail later, request by request: an empty
 * admin credential, or protected registration without an initial access token.
 */
@ApplicationScoped
final class StartupChecks {
    private final PortcullisConfig portcullis;
    private final RegistryConfig registry;

    StartupChecks(PortcullisConfig portcullis, RegistryConfig registry) {
        this.portcullis = portcullis;
        this.registry = registry;
    }

    void check(@Observes StartupEvent start) {
        if (portcullis.adminToken().isBlank()) {
            throw new IllegalStateException("portcullis.admin-token (PORTCULLIS_ADMIN_TOKEN) must be set");
        }
        if (registry.registration().mode() == RegistryConfig.RegistrationMode.PROTECTED
                && registry.registration().initialAccessToken().filter(t -> !t.isBlank()).isEmpty()) {
            throw new IllegalStateException("oauth.registry.registration.mode=protected needs "
                    + "oauth.registry.registration.initial-access-token (OAUTH_REGISTRY_REGISTRATION_INITIAL_ACCESS_TOKEN)");
        }
    }
}
