package dev.portcullis.authorize.login;

import dev.portcullis.authorize.audit.AuditEvent;
import dev.portcullis.authorize.user.PasswordHasher;
import dev.portcullis.authorize.user.User;
import dev.portcullis.authorize.user.UserStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.util.Optional;

/**
 * Checks a username and password for the login page and for the password grant
 * (RFC 6749 §4.3 via gRPC UserDirectory), with the same {@link LoginThrottle} for both: an
 * attempt is admitted (and counted as a failure until its password proves right) or told how
 * long to wait, without the password being checked.
 *
 * <p>Unknown users, disabled users and wrong passwords get the same answer after the same
 * work: a hash is always verified (against a dummy when there is no user), on a worker thread.
 */
@ApplicationScoped
public final class PasswordLogin {

    /** The outcome of one attempt. */
    public sealed interface Outcome {
        record Authenticated(User user) implements Outcome {
        }

        record Refused() implements Outcome {
        }

        /** Not checked: the throttle asks the caller to wait {@code retryAfter} first. */
        record Throttled(java.time.Duration retryAfter) implements Outcome {
        }
    }

    private final UserStore users;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final Vertx vertx;
    private final Event<AuditEvent> audit;

    public PasswordLogin(UserStore users, PasswordHasher hasher, LoginThrottle throttle, Vertx vertx, Event<AuditEvent> audit) {
        this.users = users;
        this.hasher = hasher;
        this.throttle = throttle;
        this.vertx = vertx;
        this.audit = audit;
    }

    public Uni<Outcome> attempt(String username, String password, String address, String clientId) {
        if (username == null || username.isBlank() || password == null || password.isEmpty()
                || username.length() > 255 || password.length() > 1024) {
            return Uni.createFrom().item(new Outcome.Refused());
        }
        return throttle.admit(username, address).chain(admission -> {
            if (!admission.admitted()) {
                audit.fire(new AuditEvent(AuditEvent.Type.LOGIN_RATE_LIMITED, null, clientId, "throttled"));
                return Uni.createFrom().item((Outcome) new Outcome.Throttled(admission.retryAfter()));
            }
            return users.byUsername(username).chain(found -> check(found, password))
                    .onFailure().call(t -> throttle.released(admission).onFailure().recoverWithNull())
                    .chain(user -> user == null
                            ? Uni.createFrom().item(() -> {
                                audit.fire(new AuditEvent(AuditEvent.Type.LOGIN_FAILED, null, clientId, "bad_credentials"));
                                return (Outcome) new Outcome.Refused();
                            })
                            : throttle.succeeded(admission).map(v -> {
                                audit.fire(AuditEvent.of(AuditEvent.Type.LOGIN_SUCCEEDED, user.subject, clientId));
                                return (Outcome) new Outcome.Authenticated(user);
                            }));
        });
    }

    private Uni<User> check(Optional<User> found, String password) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            if (found.isEmpty() || found.get().passwordHash == null) {
                return hasher.verifyAgainstDummy(password) ? found.get() : null;
            }
            User u = found.get();
            boolean ok = hasher.verify(password, u.passwordHash);
            return ok && u.enabled ? u : null;
        }));
    }
}
