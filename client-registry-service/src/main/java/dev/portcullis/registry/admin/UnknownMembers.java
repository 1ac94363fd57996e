package dev.portcullis.registry.admin;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code error_description} that names the members of a body the admin API does not know.
 * A name is shown only when it fits the characters RFC 6749 §5.2 allows in a description
 * (no quote, no backslash, printable ASCII) and is short; any other is counted, not echoed.
 */
final class UnknownMembers {
    private static final Pattern SHOWABLE = Pattern.compile("[\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]{1,64}");

    private UnknownMembers() {
    }

    static String describe(List<String> names) {
        List<String> shown = names.stream().filter(n -> SHOWABLE.matcher(n).matches()).toList();
        StringBuilder out = new StringBuilder("Unknown member");
        out.append(names.size() == 1 ? "" : "s").append(": ").append(String.join(", ", shown));
        int hidden = names.size() - shown.size();
        if (hidden > 0) {
            out.append(shown.isEmpty() ? "" : ", ").append(hidden).append(" with an unprintable name");
        }
        return out.toString();
    }
}
