package dev.portcullis.token.grant;

import dev.portcullis.contract.oauth.OAuthError;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of a token request after parsing: each at most once (RFC 6749 §3.2), except
 * {@code resource}, which RFC 8707 §2 allows to repeat.
 *
 * @param parameters single-valued parameters; empty values are treated as omitted (RFC 6749 §3.2)
 * @param resources RFC 8707 resource indicators, in request order
 * @param clientAddress the caller's network address, for rate limiting
 */
public record TokenRequest(Map<String, String> parameters, List<String> resources, String clientAddress) {

    public Optional<String> optional(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    /** @throws dev.portcullis.contract.oauth.OAuthException invalid_request when absent */
    public String required(String name) {
        String value = parameters.get(name);
        if (value == null) {
            throw OAuthError.INVALID_REQUEST.exception("Missing parameter " + name);
        }
        return value;
    }
}
