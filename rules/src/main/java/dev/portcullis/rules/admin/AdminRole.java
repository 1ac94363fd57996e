package dev.portcullis.rules.admin;

import dev.portcullis.contract.oauth.Scope;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The admin roles a person may hold (stored with the user by authorize-service), and the
 * {@link AdminScope}s each lets a token carry for that person. A role only allows: the client
 * must still be registered for the scope and ask for it.
 */
public enum AdminRole {
    /** Everything. */
    ADMIN("admin", EnumSet.allOf(AdminScope.class)),
    /** Read every admin API. */
    READ_ONLY("admin-read", EnumSet.of(AdminScope.READ)),
    /** Manage clients, read the rest. */
    CLIENTS("admin-clients", EnumSet.of(AdminScope.READ, AdminScope.CLIENTS)),
    /** Manage users, read the rest. */
    USERS("admin-users", EnumSet.of(AdminScope.READ, AdminScope.USERS)),
    /** Rotate signing keys, read the rest. */
    KEYS("admin-keys", EnumSet.of(AdminScope.READ, AdminScope.KEYS));

    private final String value;
    private final Set<AdminScope> scopes;

    AdminRole(String value, Set<AdminScope> scopes) {
        this.value = value;
        this.scopes = scopes;
    }

    public String value() {
        return value;
    }

    public Set<AdminScope> scopes() {
        return EnumSet.copyOf(scopes);
    }

    public static Optional<AdminRole> of(String value) {
        for (AdminRole r : values()) {
            if (r.value.equals(value)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** The admin scopes the roles allow together; unknown role names allow nothing. */
    public static Set<AdminScope> scopesOf(Collection<String> roles) {
        Set<AdminScope> allowed = EnumSet.noneOf(AdminScope.class);
        roles.forEach(r -> of(r).ifPresent(role -> allowed.addAll(role.scopes)));
        return allowed;
    }

    /**
     * {@code requested} with every admin scope value the roles do not allow removed (RFC 6749
     * §3.3: the server may grant less than asked). Other scope values are left as they are.
     */
    public static Scope narrow(Scope requested, Collection<String> roles) {
        Set<AdminScope> allowed = scopesOf(roles);
        return Scope.of(requested.tokens().stream()
                .filter(t -> !AdminScope.isAdmin(t) || AdminScope.of(t).filter(allowed::contains).isPresent())
                .toList());
    }
}
