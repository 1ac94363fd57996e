package dev.portcullis.authorize.request;

import dev.portcullis.contract.oauth.OAuthError;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parameters of an authorization request, from the query (GET) or the form body (POST),
 * RFC 6749 §3.1. Empty values count as absent (§3.1: "Parameters sent without a value MUST be
 * treated as if they were omitted"). Every parameter has one value except RFC 8707
 * {@code resource}, which may be repeated and is carried through login and consent with all its values.
 */
public final class AuthorizationParameters {
    /** Parameters this service reads; only these are carried through login and consent. */
    public static final Set<String> KNOWN = Set.of("response_type", "client_id", "redirect_uri", "scope", "state",
            "code_challenge", "code_challenge_method", "nonce", "prompt", "max_age", "login_hint", "ui_locales",
            "response_mode", "display", "acr_values", "claims_locales", "id_token_hint", "resource");
    /** RFC 8707 §2: the one parameter that may appear more than once. */
    public static final String RESOURCE = "resource";
    private static final int MAX_PARAMETERS = 64;

    private final Map<String, List<String>> values;

    private AuthorizationParameters(Map<String, List<String>> values) {
        this.values = values;
    }

    /** Copies a JAX-RS parameter map, dropping empty values; bounded in size. */
    public static AuthorizationParameters of(Map<String, List<String>> raw) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        int count = 0;
        for (Map.Entry<String, List<String>> e : raw.entrySet()) {
            List<String> nonEmpty = new ArrayList<>();
            for (String v : e.getValue()) {
                if (v != null && !v.isEmpty()) {
                    nonEmpty.add(v);
                    count++;
                }
            }
            if (!nonEmpty.isEmpty()) {
                copy.put(e.getKey(), List.copyOf(nonEmpty));
            }
        }
        if (count > MAX_PARAMETERS) {
            throw OAuthError.INVALID_REQUEST.exception("Too many parameters");
        }
        return new AuthorizationParameters(copy);
    }

    /** The single value of {@code name}, or null. Callers check {@link #repeated} first. */
    public String get(String name) {
        List<String> v = values.get(name);
        return v == null ? null : v.get(0);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** True when the parameter appears more than once (RFC 6749 §3.1: MUST NOT). */
    public boolean repeated(String name) {
        List<String> v = values.get(name);
        return v != null && v.size() > 1;
    }

    /** Every value of {@code name}, in request order; empty when absent. */
    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** Names of all repeated parameters. */
    public List<String> repeatedNames() {
        return values.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey).toList();
    }

    /**
     * The known parameters as name-value pairs with {@code overrides} applied (an empty override
     * removes the parameter), e.g. for the consent form: one pair per parameter, one per value
     * for {@code resource}.
     */
    public List<Map.Entry<String, String>> known(Map<String, String> overrides) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : values.keySet()) {
            if (KNOWN.contains(name)) {
                out.put(name, RESOURCE.equals(name) ? all(name) : List.of(get(name)));
            }
        }
        overrides.forEach((k, v) -> {
            if (v == null || v.isEmpty()) {
                out.remove(k);
            } else {
                out.put(k, List.of(v));
            }
        });
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        out.forEach((k, vs) -> vs.forEach(v -> pairs.add(Map.entry(k, v))));
        return pairs;
    }

    /** A form-encoded query string of the known parameters with {@code overrides} applied. */
    public String toQuery(Map<String, String> overrides) {
        StringBuilder b = new StringBuilder();
        known(overrides).forEach(e -> {
            if (b.length() > 0) {
                b.append('&');
            }
            b.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        });
        return b.toString();
    }
}
