package dev.portcullis.registry.registration;

import dev.portcullis.contract.oauth.OAuthError;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A self-registered {@code client_name} (RFC 7591 §2) is shown on the sign-in and consent pages
 * next to this server's own branding, so it must not pass for the server or for the people who
 * run it ("Portcullis Security Team", "Administrator", the issuer's host). Names and reserved
 * words are compared by a skeleton: Unicode compatibility forms folded (NFKC), accents and
 * invisible characters dropped, case folded, common look-alikes (Cyrillic and Greek letters,
 * {@code 0}/{@code o}, {@code 1}/{@code l}/{@code i}, {@code rn}/{@code m}) mapped to one letter,
 * punctuation and spacing reduced to single spaces.
 *
 * <p>A reserved word of at least {@value #SQUEEZED_MIN} letters matches anywhere, even with its
 * letters spaced out ("P o r t c u l l i s"); a shorter one matches as a whole word, so that
 * "admin" refuses "Admin Console" but not "Badminton Club".
 */
final class ClientNameRule {
    static final int SQUEEZED_MIN = 8;
    private static final Map<Character, Character> LOOK_ALIKES = lookAlikes();

    private final List<String> reserved;

    /**
     * @param reservedWords the configured words
     * @param issuerHost the issuer's host name, always reserved
     */
    ClientNameRule(List<String> reservedWords, String issuerHost) {
        java.util.ArrayList<String> words = new java.util.ArrayList<>();
        for (String w : reservedWords) {
            String s = skeleton(w);
            if (!s.isBlank()) {
                words.add(s);
            }
        }
        if (issuerHost != null && !issuerHost.isBlank()) {
            words.add(skeleton(issuerHost));
        }
        this.reserved = List.copyOf(words);
    }

    /** @throws dev.portcullis.contract.oauth.OAuthException invalid_client_metadata for a name that imitates the server */
    void check(String clientName) {
        if (clientName != null && imitatesServer(clientName)) {
            throw OAuthError.INVALID_CLIENT_METADATA.exception(
                    "client_name must not imitate this server or its staff (it contains a reserved word)");
        }
    }

    boolean imitatesServer(String clientName) {
        String spaced = " " + skeleton(clientName) + " ";
        String squeezed = spaced.replace(" ", "");
        for (String word : reserved) {
            String wordSqueezed = word.replace(" ", "");
            if (wordSqueezed.length() >= SQUEEZED_MIN ? squeezed.contains(wordSqueezed)
                    : spaced.contains(" " + word + " ")) {
                return true;
            }
        }
        return false;
    }

    /** Lower-case ASCII letters and digits separated by single spaces, look-alikes folded. */
    static String skeleton(String text) {
        String folded = Normalizer.normalize(Normalizer.normalize(text, Normalizer.Form.NFKC), Normalizer.Form.NFD)
                .toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(folded.length());
        boolean space = true;
        for (int i = 0; i < folded.length(); i++) {
            char c = folded.charAt(i);
            int type = Character.getType(c);
            if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                    || type == Character.COMBINING_SPACING_MARK || type == Character.FORMAT) {
                continue; // accents, zero-width joiners and spaces, direction marks
            }
            char mapped = LOOK_ALIKES.getOrDefault(c, c);
            if ((mapped >= 'a' && mapped <= 'z') || (mapped >= '0' && mapped <= '9')) {
                out.append(mapped);
                space = false;
            } else if (!space) {
                out.append(' ');
                space = true;
            }
        }
        return out.toString().trim().replace("rn", "m").replace("vv", "w");
    }

    private static Map<Character, Character> lookAlikes() {
        Map<Character, Character> m = new java.util.HashMap<>();
        // Cyrillic
        put(m, "аa вb сc еe һh іi јj кk мm нh оo рp ԛq ѕs тt уy хx ӏi ԁd ɡg");
        // Greek
        put(m, "αa βb εe ηn ιi κk μu νv οo ρp τt υu χx ωw γy");
        // Digits and symbols that stand in for letters, and letters that look like others
        put(m, "0o 1i li |i !i 3e 4a 5s 7t 8b @a $s ıi ɩi");
        return Map.copyOf(m);
    }

    private static void put(Map<Character, Character> m, String pairs) {
        for (String pair : pairs.split(" ")) {
            m.put(pair.charAt(0), pair.charAt(1));
        }
    }
}
