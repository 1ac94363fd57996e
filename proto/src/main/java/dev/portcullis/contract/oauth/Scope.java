package dev.portcullis.contract.oauth;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * An OAuth scope (RFC 6749 §3.3): an ordered set of scope tokens, each {@code 1*NQCHAR}.
 * Immutable; its string form is the tokens joined by single spaces.
 */
public final class Scope {
    public static final Scope EMPTY = new Scope(Set.of());
    public static final String OPENID = "openid";
    public static final String OFFLINE_ACCESS = "offline_access";

    private final Set<String> tokens;

    private Scope(Set<String> tokens) {
        this.tokens = tokens;
    }

    /**
     * Parses a space-delimited scope string ({@link SpaceDelimited}). A null or blank value is
     * the empty scope.
     *
     * @throws OAuthException {@code invalid_scope} when a token has a character outside NQCHAR
     */
    public static Scope parse(String value) {
        Set<String> tokens = SpaceDelimited.values(value);
        if (tokens.isEmpty()) {
            return EMPTY;
        }
        for (String token : tokens) {
            for (int i = 0; i < token.length(); i++) {
                char c = token.charAt(i);
                if (c < 0x21 || c == 0x22 || c == 0x5C || c > 0x7E) {
                    throw OAuthError.INVALID_SCOPE.exception("Scope contains an invalid character");
                }
            }
        }
        return new Scope(tokens);
    }

    public static Scope of(Collection<String> tokens) {
        return parse(String.join(" ", tokens));
    }

    public Set<String> tokens() {
        return tokens;
    }

    public boolean isEmpty() {
        return tokens.isEmpty();
    }

    public boolean contains(String token) {
        return tokens.contains(token);
    }

    /** True when every token of this scope is in {@code other}. */
    public boolean isSubsetOf(Scope other) {
        return other.tokens.containsAll(tokens);
    }

    /** The tokens of this scope that are also in {@code allowed}, in this scope's order. */
    public Scope intersect(Scope allowed) {
        LinkedHashSet<String> set = new LinkedHashSet<>(tokens);
        set.retainAll(allowed.tokens);
        return new Scope(Collections.unmodifiableSet(set));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Scope s && s.tokens.equals(tokens);
    }

    @Override
    public int hashCode() {
        return tokens.hashCode();
    }

    @Override
    public String toString() {
        return String.join(" ", tokens);
    }
}
