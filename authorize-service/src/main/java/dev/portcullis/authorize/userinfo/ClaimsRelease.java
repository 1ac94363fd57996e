package dev.portcullis.authorize.userinfo;

import dev.portcullis.authorize.user.ScopeClaims;
import dev.portcullis.authorize.user.User;
import dev.portcullis.authorize.user.UserStore;
import dev.portcullis.contract.oauth.Scope;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;

/**
 * The claims of an enabled user for a set of scopes (OIDC Core §5.4), for {@code /userinfo}
 * and gRPC {@code GetClaims}. Empty for an unknown or disabled user.
 */
@ApplicationScoped
public final class ClaimsRelease {
    private final UserStore users;

    public ClaimsRelease(UserStore users) {
        this.users = users;
    }

    public Uni<Optional<Map<String, Object>>> claims(String subject, Scope scope) {
        if (subject == null || subject.isEmpty() || subject.length() > 64) {
            return Uni.createFrom().item(Optional.empty());
        }
        return users.bySubject(subject).map(u -> u.flatMap(x -> of(x, scope)));
    }

    /** The claims of {@code user}, already read, for {@code scope}; empty when it is disabled. */
    public static Optional<Map<String, Object>> of(User user, Scope scope) {
        return user.enabled ? Optional.of(ScopeClaims.of(user, scope)) : Optional.empty();
    }
}
