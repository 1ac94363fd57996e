package dev.portcullis.contract.oauth;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The space-delimited lists of OAuth 2.0 and OpenID Connect parameters: {@code scope}
 * (RFC 6749 §3.3), {@code response_type} (RFC 6749 §3.1.1, where "the order of values does not
 * matter", and OAuth 2.0 Multiple Response Type Encoding Practices §3), {@code prompt} (OIDC Core
 * §3.1.2.1). Values are separated by spaces (%x20), order and repetition carry no meaning, so a
 * list is read as a set. What may appear inside a value is each parameter's own rule
 * ({@link Scope#parse} checks NQCHAR, for example); this type only splits.
 */
public final class SpaceDelimited {
    private SpaceDelimited() {
    }

    /**
     * The values of a space-delimited list in the order they first appear, without repeats;
     * runs of spaces and leading or trailing spaces separate nothing. A null or blank list
     * (RFC 6749 §3.1: a parameter sent without a value is treated as omitted) is the empty set.
     *
     * @return an unmodifiable set
     */
    public static Set<String> values(String list) {
        if (list == null || list.isEmpty()) {
            return Set.of();
        }
        LinkedHashSet<String> values = new LinkedHashSet<>();
        int start = 0;
        int length = list.length();
        while (start < length) {
            int end = list.indexOf(' ', start);
            if (end < 0) {
                end = length;
            }
            if (end > start) {
                values.add(list.substring(start, end));
            }
            start = end + 1;
        }
        return Collections.unmodifiableSet(values);
    }
}
