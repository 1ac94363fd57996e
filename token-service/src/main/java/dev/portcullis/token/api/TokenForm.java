package dev.portcullis.token.api;

import dev.portcullis.contract.oauth.OAuthError;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of a token request: {@code application/x-www-form-urlencoded} only (RFC 6749 §3.2,
 * Appendix B), with a bounded number of parameters. Parameters without a value count as omitted.
 */
final class TokenForm {
    private static final String FORM = "application/x-www-form-urlencoded";

    private TokenForm() {
    }

    /** @throws dev.portcullis.contract.oauth.OAuthException invalid_request for any other content type or a malformed body */
    static Map<String, List<String>> parse(String contentType, String body, int maxParameters) {
        if (contentType == null || !mediaType(contentType).equalsIgnoreCase(FORM)) {
            throw OAuthError.INVALID_REQUEST.exception("The request must be application/x-www-form-urlencoded");
        }
        Map<String, List<String>> form = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return form;
        }
        int count = 0;
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            if (++count > maxParameters) {
                throw OAuthError.INVALID_REQUEST.exception("Too many parameters");
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (!value.isEmpty()) {
                form.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
            }
        }
        form.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return form;
    }

    private static String mediaType(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthError.INVALID_REQUEST.exception("Malformed form encoding");
        }
    }
}
