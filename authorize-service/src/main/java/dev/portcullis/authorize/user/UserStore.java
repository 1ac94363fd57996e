package dev.portcullis.authorize.user;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** The users table, reached with Hibernate Reactive; each call opens its own session. */
@ApplicationScoped
public final class UserStore {

    public Uni<Optional<User>> bySubject(String subject) {
        return Panache.withSession(() -> User.<User>findById(subject)).map(Optional::ofNullable);
    }

    /** Usernames are unique regardless of case. */
    public Uni<Optional<User>> byUsername(String username) {
        return Panache.withSession(() -> User.<User>find("lower(username) = ?1", username.toLowerCase()).firstResult())
                .map(Optional::ofNullable);
    }
}
