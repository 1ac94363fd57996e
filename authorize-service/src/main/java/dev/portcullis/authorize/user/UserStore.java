package dev.portcullis.authorize.user;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.PreparedQuery;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import java.util.List;
import java.util.Locale;
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
            + "birthdate, zoneinfo, locale, phone_number, phone_number_verified, created_at, updated_at, roles";

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

    /** One page of users, ordered by username. */
    public record UserPage(List<User> users, int page, int size, long total) {
    }

    /**
     * A page of the users whose username, email or name contains {@code query} regardless of
     * case (all users when it is empty), ordered by username.
     */
    public Uni<UserPage> search(String query, int page, int size) {
        if (query == null || query.isEmpty()) {
            return Panache.withSession(() -> User.<User>findAll(Sort.by("username")).page(Page.of(page, size)).list()
                    .flatMap(rows -> User.count().map(total -> new UserPage(rows, page, size, total))));
        }
        String pattern = "%" + query.toLowerCase(Locale.ROOT)
                .replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
        String where = "lower(username) like ?1 escape '!' or lower(email) like ?1 escape '!' "
                + "or lower(name) like ?1 escape '!'";
        return Panache.withSession(() -> User.<User>find(where, Sort.by("username"), pattern)
                .page(Page.of(page, size)).list()
                .flatMap(rows -> User.count(where, pattern).map(total -> new UserPage(rows, page, size, total))));
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
        u.roles = row.getString("roles");
        return u;
    }
}
