package dev.portcullis.authorize.user;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.PreparedQuery;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The users table. {@link #bySubject} runs on every {@code /authorize} with a session and every
 * {@code /userinfo}, so it is one prepared statement on the reactive pool, mapped by hand into a
 * detached {@link User}: a Hibernate Reactive session per lookup (open, persistence context,
 * entity hydration, close) cost more CPU than the query. Writes and the rarer lookups stay on
 * Hibernate Reactive, each call in its own session.
 */
@ApplicationScoped
public final class UserStore {
    private static final String COLUMNS = "subject, username, password_hash, enabled, email, email_verified, name, "
            + "given_name, family_name, middle_name, nickname, preferred_username, profile, picture, website, gender, "
            + "birthdate, zoneinfo, locale, phone_number, phone_number_verified, created_at, updated_at";

    private final PreparedQuery<RowSet<Row>> bySubject;

    public UserStore(Pool pool) {
        this.bySubject = pool.preparedQuery("SELECT " + COLUMNS + " FROM authorize.users WHERE subject = $1");
    }

    public Uni<Optional<User>> bySubject(String subject) {
        return bySubject.execute(Tuple.of(subject)).map(rows -> {
            for (Row row : rows) {
                return Optional.of(user(row));
            }
            return Optional.empty();
        });
    }

    /** Usernames are unique regardless of case. */
    public Uni<Optional<User>> byUsername(String username) {
        return Panache.withSession(() -> User.<User>find("lower(username) = ?1", username.toLowerCase()).firstResult())
                .map(Optional::ofNullable);
    }

    private static User user(Row row) {
        User u = new User();
        u.subject = row.getString("subject");
        u.username = row.getString("username");
        u.passwordHash = row.getString("password_hash");
        u.enabled = row.getBoolean("enabled");
        u.email = row.getString("email");
        u.emailVerified = row.getBoolean("email_verified");
        u.name = row.getString("name");
        u.givenName = row.getString("given_name");
        u.familyName = row.getString("family_name");
        u.middleName = row.getString("middle_name");
        u.nickname = row.getString("nickname");
        u.preferredUsername = row.getString("preferred_username");
        u.profile = row.getString("profile");
        u.picture = row.getString("picture");
        u.website = row.getString("website");
        u.gender = row.getString("gender");
        u.birthdate = row.getString("birthdate");
        u.zoneinfo = row.getString("zoneinfo");
        u.locale = row.getString("locale");
        u.phoneNumber = row.getString("phone_number");
        u.phoneNumberVerified = row.getBoolean("phone_number_verified");
        u.createdAt = row.getOffsetDateTime("created_at");
        u.updatedAt = row.getOffsetDateTime("updated_at");
        return u;
    }
}
