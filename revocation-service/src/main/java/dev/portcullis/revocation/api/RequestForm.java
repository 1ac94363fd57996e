package dev.portcullis.revocation.api;

import dev.portcullis.contract.oauth.OAuthError;
import java.util.List;
import java.util.Map;

/** Reads single-valued form parameters (RFC 6749 §3.1: parameters MUST NOT be repeated). */
final class RequestForm {
    private RequestForm() {
    }

    /** The parameter's value, or null when absent; invalid_request when repeated. */
    static String optional(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw OAuthError.INVALID_REQUEST.exception("Parameter " + name + " is repeated");
        }
        return values.get(0);
    }

    /** The parameter's value; invalid_request when absent, empty or repeated. */
    static String required(Map<String, List<String>> form, String name) {
        String value = optional(form, name);
        if (value == null || value.isEmpty()) {
            throw OAuthError.INVALID_REQUEST.exception("Parameter " + name + " is required");
        }
        return value;
    }
}
