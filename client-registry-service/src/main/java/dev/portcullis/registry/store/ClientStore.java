package dev.portcullis.registry.store;

import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.registry.model.RegisteredClient;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The clients table, reached with Hibernate Reactive Panache. Every write runs in one
 * transaction, so a failed validation or a lost race never leaves a half-written client.
 */
@ApplicationScoped
public final class ClientStore {
    private final Repository repository;

    public ClientStore(Repository repository) {
        this.repository = repository;
    }

    /** The Panache repository of {@link ClientEntity}. */
    @ApplicationScoped
    public static class Repository implements PanacheRepositoryBase<ClientEntity, String> {
    }

    /** One page of clients, ordered by id. */
    public record ClientPage(List<RegisteredClient> clients, int page, int size, long total) {
    }

    public Uni<Optional<RegisteredClient>> find(String clientId) {
        return Panache.withSession(() -> repository.findById(clientId))
                .map(e -> Optional.ofNullable(e).map(ClientEntity::toModel));
    }

    /**
     * Inserts a new client.
     *
     * @param uniqueSoftwareId refuse when another client has the same {@code software_id}
     * @throws dev.portcullis.contract.oauth.OAuthException conflict (409) when the id is taken,
     *         invalid_client_metadata (RFC 7591 §3.2.2) when the software_id is taken and must be unique
     */
    public Uni<RegisteredClient> insert(RegisteredClient client, boolean uniqueSoftwareId) {
        String softwareId = client.metadata().softwareId();
        return Panache.withTransaction(() -> repository.findById(client.clientId())
                .flatMap(existing -> {
                    if (existing != null) {
                        throw taken();
                    }
                    if (!uniqueSoftwareId || softwareId == null) {
                        return Uni.createFrom().item(0L);
                    }
                    // Serialises registrations of the same software_id until this transaction ends,
                    // so two concurrent requests cannot both see "no such software_id".
                    return Panache.getSession()
                            .flatMap(session -> session.createNativeQuery(
                                            "select cast(pg_advisory_xact_lock(hashtext(:softwareId)) as text)")
                                    .setParameter("softwareId", "client_registry.software_id:" + softwareId)
                                    .getSingleResult())
                            .flatMap(locked -> repository.count("softwareId", softwareId));
                })
                .flatMap(sameSoftware -> {
                    if (sameSoftware > 0) {
                        throw OAuthError.INVALID_CLIENT_METADATA.exception("software_id is already registered");
                    }
                    return repository.persist(new ClientEntity().copyFrom(client));
                }))
                .onFailure(UniqueViolation::is)
                .transform(t -> taken())
                .map(ClientEntity::toModel);
    }

    /**
     * Replaces a client with {@code change} applied to its current state, under a row lock.
     * When {@code change} throws, nothing is written.
     *
     * @return the updated client, or empty when there is no such client
     */
    public Uni<Optional<RegisteredClient>> update(String clientId, UnaryOperator<RegisteredClient> change) {
        return Panache.withTransaction(() -> repository.findById(clientId, LockModeType.PESSIMISTIC_WRITE)
                .map(entity -> {
                    if (entity == null) {
                        return Optional.<RegisteredClient>empty();
                    }
                    RegisteredClient updated = change.apply(entity.toModel());
                    entity.copyFrom(updated);
                    return Optional.of(updated);
                }));
    }

    private static dev.portcullis.contract.oauth.OAuthException taken() {
        return OAuthError.CONFLICT.exception("client_id is already registered");
    }

    /** Deletes a client; false when there was none. */
    public Uni<Boolean> delete(String clientId) {
        return Panache.withTransaction(() -> repository.deleteById(clientId));
    }

    public Uni<ClientPage> list(int page, int size) {
        return Panache.withSession(() -> repository.findAll(Sort.by("clientId")).page(Page.of(page, size)).list()
                .flatMap(rows -> repository.count()
                        .map(total -> new ClientPage(rows.stream().map(ClientEntity::toModel).toList(),
                                page, size, total))));
    }

    /** Recognises a PostgreSQL unique violation (SQLSTATE 23505) anywhere in a failure's causes. */
    private static final class UniqueViolation {
        private UniqueViolation() {
        }

        static boolean is(Throwable t) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (c instanceof org.hibernate.exception.ConstraintViolationException
                        || (c instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState()))) {
                    return true;
                }
                if (c.getCause() == c) {
                    break;
                }
            }
            return false;
        }
    }
}
