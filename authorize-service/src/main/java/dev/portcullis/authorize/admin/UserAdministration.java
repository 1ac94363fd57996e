package dev.portcullis.authorize.admin;

import dev.portcullis.authorize.audit.AuditEvent;
import dev.portcullis.authorize.user.PasswordHasher;
import dev.portcullis.authorize.user.User;
import dev.portcullis.authorize.user.UserStore;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.rules.admin.AdminActor;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * Creates, changes and deletes users for the admin API. Passwords are hashed on a worker
 * thread; every change fires an {@link AuditEvent}.
 */
@ApplicationScoped
public final class UserAdministration {
    /** Minimum password length (NIST SP 800-63B §5.1.1.2). */
    static final int MIN_PASSWORD = 8;

    private final UserStore users;
    private final PasswordHasher hasher;
    private final Vertx vertx;
    private final Event<AuditEvent> audit;

    public UserAdministration(UserStore users, PasswordHasher hasher, Vertx vertx, Event<AuditEvent> audit) {
        this.users = users;
        this.hasher = hasher;
        this.vertx = vertx;
        this.audit = audit;
    }

    /** A new user; empty when the username is taken. */
    public Uni<Optional<User>> create(UserInput in, AdminActor actor) {
        if (in.username() == null || in.username().isBlank() || in.username().length() > 255
                || in.username().chars().anyMatch(Character::isISOControl)) {
            return Uni.createFrom().failure(OAuthError.INVALID_REQUEST.exception("username is required (at most 255 characters)"));
        }
        if (in.password() != null && !validPassword(in.password())) {
            return Uni.createFrom().failure(OAuthError.INVALID_REQUEST.exception("password must have 8 to 1024 characters"));
        }
        if (in.roles() != null) {
            RoleGuard.mayManage(actor, RoleGuard.known(in.roles()));
        }
        return users.byUsername(in.username()).chain(existing -> {
            if (existing.isPresent()) {
                return Uni.createFrom().item(Optional.<User>empty());
            }
            return hash(in.password()).chain(hash -> {
                User u = new User();
                u.subject = UUID.randomUUID().toString();
                u.username = in.username();
                u.passwordHash = hash;
                u.enabled = in.enabled() == null || in.enabled();
                u.createdAt = OffsetDateTime.now();
                apply(u, in);
                return Panache.withTransaction(u::persist).map(x -> {
                    audit.fire(AuditEvent.of(AuditEvent.Type.USER_CREATED, u.subject, null));
                    return Optional.of(u);
                });
            });
        });
    }

    /** Changes the given members of a user; empty when unknown. */
    public Uni<Optional<User>> update(String subject, UserInput in, AdminActor actor) {
        if (in.password() != null || in.username() != null) {
            return Uni.createFrom().failure(OAuthError.INVALID_REQUEST.exception(
                    "username cannot change; set a password with PUT /admin/users/{sub}/password"));
        }
        return Panache.withTransaction(() -> User.<User>findById(subject).map(u -> {
            if (u == null) {
                return Optional.<User>empty();
            }
            RoleGuard.mayManage(actor, u.roleList());
            if (in.roles() != null) {
                RoleGuard.mayManage(actor, RoleGuard.known(in.roles()));
            }
            boolean disabling = u.enabled && Boolean.FALSE.equals(in.enabled());
            if (in.enabled() != null) {
                u.enabled = in.enabled();
            }
            apply(u, in);
            audit.fire(AuditEvent.of(disabling ? AuditEvent.Type.USER_DISABLED : AuditEvent.Type.USER_UPDATED, subject, null));
            return Optional.of(u);
        }));
    }

    /** Sets a new password; false when the user is unknown. */
    public Uni<Boolean> setPassword(String subject, String password, AdminActor actor) {
        if (password == null || !validPassword(password)) {
            return Uni.createFrom().failure(OAuthError.INVALID_REQUEST.exception("password must have 8 to 1024 characters"));
        }
        return hash(password).chain(hash -> Panache.withTransaction(() -> User.<User>findById(subject).map(u -> {
            if (u == null) {
                return false;
            }
            RoleGuard.mayManage(actor, u.roleList());
            u.passwordHash = hash;
            u.updatedAt = OffsetDateTime.now();
            audit.fire(AuditEvent.of(AuditEvent.Type.PASSWORD_SET, subject, null));
            return true;
        })));
    }

    /** Deletes a user and, by cascade, their consents; false when unknown. */
    public Uni<Boolean> delete(String subject, AdminActor actor) {
        return Panache.withTransaction(() -> User.<User>findById(subject).chain(u -> {
            if (u == null) {
                return Uni.createFrom().item(false);
            }
            RoleGuard.mayManage(actor, u.roleList());
            return u.delete().replaceWith(true);
        })).invoke(deleted -> {
            if (deleted) {
                audit.fire(AuditEvent.of(AuditEvent.Type.USER_DELETED, subject, null));
            }
        });
    }

    private Uni<String> hash(String password) {
        if (password == null) {
            return Uni.createFrom().nullItem();
        }
        return vertx.executeBlocking(Uni.createFrom().item(() -> hasher.hash(password)));
    }

    private static boolean validPassword(String password) {
        return password.length() >= MIN_PASSWORD && password.length() <= 1024;
    }

    private static void apply(User u, UserInput in) {
        if (in.email() != null) {
            u.email = in.email();
        }
        if (in.emailVerified() != null) {
            u.emailVerified = in.emailVerified();
        }
        if (in.name() != null) {
            u.name = in.name();
        }
        if (in.givenName() != null) {
            u.givenName = in.givenName();
        }
        if (in.familyName() != null) {
            u.familyName = in.familyName();
        }
        if (in.middleName() != null) {
            u.middleName = in.middleName();
        }
        if (in.nickname() != null) {
            u.nickname = in.nickname();
        }
        if (in.preferredUsername() != null) {
            u.preferredUsername = in.preferredUsername();
        }
        if (in.profile() != null) {
            u.profile = in.profile();
        }
        if (in.picture() != null) {
            u.picture = in.picture();
        }
        if (in.website() != null) {
            u.website = in.website();
        }
        if (in.gender() != null) {
            u.gender = in.gender();
        }
        if (in.birthdate() != null) {
            u.birthdate = in.birthdate();
        }
        if (in.zoneinfo() != null) {
            u.zoneinfo = in.zoneinfo();
        }
        if (in.locale() != null) {
            u.locale = in.locale();
        }
        if (in.phoneNumber() != null) {
            u.phoneNumber = in.phoneNumber();
        }
        if (in.roles() != null) {
            u.roles = String.join(" ", RoleGuard.known(in.roles()));
        }
        if (in.phoneNumberVerified() != null) {
            u.phoneNumberVerified = in.phoneNumberVerified();
        }
        u.updatedAt = OffsetDateTime.now();
    }
}
