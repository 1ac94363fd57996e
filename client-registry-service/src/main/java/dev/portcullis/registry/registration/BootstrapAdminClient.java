package dev.portcullis.registry.registration;

import dev.portcullis.proto.records.v1.ClientChangeNotice.Change;
import dev.portcullis.registry.change.ClientChange;
import dev.portcullis.registry.change.ClientChanges;
import dev.portcullis.registry.config.PortcullisConfig;
import dev.portcullis.registry.config.RegistryConfig;
import dev.portcullis.registry.model.ClientMetadata;
import dev.portcullis.registry.model.RegisteredClient;
import dev.portcullis.registry.secret.SecretHasher;
import dev.portcullis.registry.store.ClientStore;
import dev.portcullis.rules.admin.AdminAccess;
import dev.portcullis.rules.admin.AdminScope;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The first administrator: a confidential client ({@code portcullis-admin} by default) that gets
 * admin access tokens with {@code client_credentials}, holding every admin scope for the audience
 * {@code <issuer>/admin}, whose secret comes from {@code PORTCULLIS_BOOTSTRAP_ADMIN_SECRET}. Kept
 * in step with the environment at every start:
 *
 * <ul>
 *   <li>secret set, client absent: created with it (verified, enabled);</li>
 *   <li>secret set, client present: takes the secret as its only one if it differs (rotation,
 *       the old one stops at once), and is enabled;</li>
 *   <li>secret unset: an existing bootstrap client is disabled (switched off once real
 *       administrators exist), none is created.</li>
 * </ul>
 * Several replicas may start at once: a lost race to create it is retried as an update. A
 * database that cannot be reached at start is logged and does not stop the service.
 */
@ApplicationScoped
final class BootstrapAdminClient {
    private static final Logger LOG = Logger.getLogger(BootstrapAdminClient.class);
    private static final int MIN_SECRET = 32;
    private static final String ACTOR = "bootstrap";
    private static final java.time.Duration STORE_WAIT = java.time.Duration.ofSeconds(30);

    private final ClientStore store;
    private final SecretHasher hasher;
    private final ClientChanges changes;
    private final MetadataValidator validator;
    private final RegistryConfig.BootstrapAdmin config;
    private final String adminAudience;

    BootstrapAdminClient(ClientStore store, SecretHasher hasher, ClientChanges changes, MetadataValidator validator,
            RegistryConfig config, PortcullisConfig portcullis) {
        this.store = store;
        this.hasher = hasher;
        this.changes = changes;
        this.validator = validator;
        this.config = config.bootstrapAdmin();
        this.adminAudience = AdminAccess.audienceOf(portcullis.issuer());
    }

    void onStart(@Observes StartupEvent start) {
        Optional<String> secret = checked(config.secret());
        try {
            VertxContextSupport.subscribeAndAwait(() -> (secret.isPresent() ? ensure(secret.get()) : switchOff())
                    .ifNoItem().after(STORE_WAIT).fail());
        } catch (Throwable storeDown) {
            // The service still starts (readiness reports the store); the next start tries again.
            LOG.warnf("Could not bring the bootstrap admin client %s in step with the environment: %s",
                    config.clientId(), storeDown.toString());
        }
    }

    /** The configured secret, absent when blank; a start-up failure when too short to be a secret. */
    static Optional<String> checked(Optional<String> secret) {
        Optional<String> set = secret.filter(s -> !s.isBlank());
        if (set.isPresent() && set.get().length() < MIN_SECRET) {
            throw new IllegalStateException("PORTCULLIS_BOOTSTRAP_ADMIN_SECRET must have at least " + MIN_SECRET
                    + " characters");
        }
        return set;
    }

    /** Creates or updates the bootstrap client so that it holds {@code secret} and is enabled. */
    Uni<Void> ensure(String secret) {
        return update(secret).chain(found -> found ? Uni.createFrom().voidItem()
                : create(secret).onFailure().recoverWithUni(lostRace -> update(secret).replaceWithVoid()));
    }

    private Uni<Boolean> update(String secret) {
        long now = Instant.now().getEpochSecond();
        boolean[] rotated = new boolean[1];
        return store.update(config.clientId(), c -> {
            rotated[0] = !hasher.matches(secret, c.secretHash());
            return new RegisteredClient(c.clientId(), c.metadata().withEnabled(true),
                    rotated[0] ? hasher.hash(secret) : c.secretHash(), null, 0, c.registrationTokenHash(),
                    c.clientIdIssuedAt(), Math.max(now, c.updatedAt()));
        }).call(updated -> updated.isEmpty() ? Uni.createFrom().voidItem()
                : changes.announce(ClientChange.of(config.clientId(), rotated[0] ? Change.SECRET_ROTATED : Change.UPDATED,
                        ACTOR, rotated[0] ? "bootstrap admin secret set from the environment" : "bootstrap admin enabled")))
                .map(Optional::isPresent);
    }

    private Uni<Void> create(String secret) {
        long now = Instant.now().getEpochSecond();
        RegisteredClient client = new RegisteredClient(config.clientId(), metadata(), hasher.hash(secret), null, 0, null,
                now, now);
        return store.insert(client, false)
                .call(saved -> changes.announce(ClientChange.of(config.clientId(), Change.CREATED, ACTOR,
                        "bootstrap admin client created")))
                .invoke(saved -> LOG.infof("Created the bootstrap admin client %s", config.clientId()))
                .replaceWithVoid();
    }

    /** Disables the bootstrap client, if there is one. */
    Uni<Void> switchOff() {
        long now = Instant.now().getEpochSecond();
        boolean[] wasEnabled = new boolean[1];
        return store.update(config.clientId(), c -> {
            wasEnabled[0] = c.metadata().enabled();
            return new RegisteredClient(c.clientId(), c.metadata().withEnabled(false), c.secretHash(),
                    c.previousSecretHash(), c.previousSecretExpiresAt(), c.registrationTokenHash(), c.clientIdIssuedAt(),
                    Math.max(now, c.updatedAt()));
        }).call(updated -> updated.isEmpty() || !wasEnabled[0] ? Uni.createFrom().voidItem()
                : changes.announce(ClientChange.of(config.clientId(), Change.UPDATED, ACTOR,
                        "bootstrap admin disabled: PORTCULLIS_BOOTSTRAP_ADMIN_SECRET is not set"))
                        .invoke(() -> LOG.infof("Disabled the bootstrap admin client %s", config.clientId())))
                .replaceWithVoid();
    }

    private ClientMetadata metadata() {
        String scope = Arrays.stream(AdminScope.values()).map(AdminScope::value).collect(Collectors.joining(" "));
        return validator.validate(MetadataJson.parse("""
                {"client_name":"Portcullis bootstrap administrator","grant_types":["client_credentials"],
                 "token_endpoint_auth_method":"client_secret_basic","scope":"%s","default_audience":["%s"]}"""
                .formatted(scope, adminAudience))).withVerified(true);
    }
}
