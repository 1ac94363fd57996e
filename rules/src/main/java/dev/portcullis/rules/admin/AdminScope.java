package dev.portcullis.rules.admin;

import dev.portcullis.contract.oauth.Scope;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The scopes of an admin access token (audience {@code <issuer>/admin}). {@link #READ} reads every
 * admin API; each of the others reads and changes one area. A token carries them because an
 * admin client is registered with them ({@code client_credentials}) or because a person's
 * {@link AdminRole} allows them (the code flow).
 */
public enum AdminScope {
    /** Read every admin API, change nothing. */
    READ("admin:read"),
    /** Read and change clients (client-registry-service). */
    CLIENTS("admin:clients"),
    /** Read and change users (authorize-service). */
    USERS("admin:users"),
    /** Read and rotate signing keys (token-service). */
    KEYS("admin:keys");

    /** Every scope value of this family starts with it; none other is ever granted. */
    public static final String PREFIX = "admin:";

    private final String value;

    AdminScope(String value) {
        this.value = value;
    }

    /** The scope value, as it appears in {@code scope}. */
    public String value() {
        return value;
    }

    public static Optional<AdminScope> of(String value) {
        for (AdminScope s : values()) {
            if (s.value.equals(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Whether a scope value belongs to the admin family (known or not). */
    public static boolean isAdmin(String value) {
        return value.startsWith(PREFIX);
    }

    /** The admin scopes a token's scope holds. */
    public static Set<AdminScope> in(Scope scope) {
        Set<AdminScope> found = EnumSet.noneOf(AdminScope.class);
        scope.tokens().forEach(t -> of(t).ifPresent(found::add));
        return found;
    }

    /** {@code scope} without any admin scope value. */
    public static Scope withoutAdmin(Scope scope) {
        return Scope.of(scope.tokens().stream().filter(t -> !isAdmin(t)).toList());
    }
}
