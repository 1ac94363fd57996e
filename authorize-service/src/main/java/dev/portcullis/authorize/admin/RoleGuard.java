package dev.portcullis.authorize.admin;

import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.rules.admin.AdminActor;
import dev.portcullis.rules.admin.AdminRole;
import dev.portcullis.rules.admin.AdminScope;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Admin roles are given, and people who hold them are changed, disabled or deleted, only by an
 * administrator who holds every admin scope those roles allow: {@code admin:users} alone cannot
 * make anyone (themselves included) a full administrator, nor lock one out.
 */
final class RoleGuard {
    private static final int MAX_ROLES = 8;

    private RoleGuard() {
    }

    /** The roles as given, without repeats; {@code invalid_request} naming an unknown one. */
    static List<String> known(List<String> roles) {
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        for (String role : roles) {
            if (role == null || AdminRole.of(role).isEmpty()) {
                throw OAuthError.INVALID_REQUEST.exception("roles holds an unknown role; known: "
                        + java.util.Arrays.stream(AdminRole.values()).map(AdminRole::value).collect(Collectors.joining(", ")));
            }
            distinct.add(role);
        }
        if (distinct.size() > MAX_ROLES) {
            throw OAuthError.INVALID_REQUEST.exception("roles holds too many values");
        }
        return List.copyOf(distinct);
    }

    /** @throws dev.portcullis.contract.oauth.OAuthException insufficient_scope (403) */
    static void mayManage(AdminActor actor, Collection<String> roles) {
        Set<AdminScope> needed = AdminRole.scopesOf(roles);
        if (!actor.holdsAll(needed)) {
            throw OAuthError.INSUFFICIENT_SCOPE.exception("Managing admin roles "
                    + String.join(" ", roles) + " needs the scopes "
                    + needed.stream().map(AdminScope::value).sorted().collect(Collectors.joining(" ")));
        }
    }
}
