package dev.portcullis.revocation.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.portcullis.revocation.token.ActiveToken;
import java.util.Optional;

/**
 * The introspection response of RFC 7662 §2.2. An inactive token is exactly
 * {@code {"active":false}}: nothing else is said about it. {@code aud} is a string for one
 * audience and an array for several, as in the token.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IntrospectionJson(
        @JsonProperty("active") boolean active,
        @JsonProperty("scope") String scope,
        @JsonProperty("client_id") String clientId,
        @JsonProperty("username") String username,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("exp") Long exp,
        @JsonProperty("iat") Long iat,
        @JsonProperty("nbf") Long nbf,
        @JsonProperty("sub") String sub,
        @JsonProperty("aud") Object aud,
        @JsonProperty("iss") String iss,
        @JsonProperty("jti") String jti) {

    public static final IntrospectionJson INACTIVE =
            new IntrospectionJson(false, null, null, null, null, null, null, null, null, null, null, null);

    public static IntrospectionJson of(Optional<ActiveToken> answer) {
        return answer.map(IntrospectionJson::active).orElse(INACTIVE);
    }

    private static IntrospectionJson active(ActiveToken t) {
        Object aud = t.aud().isEmpty() ? null : t.aud().size() == 1 ? t.aud().get(0) : t.aud();
        return new IntrospectionJson(true, t.scope(), t.clientId(), t.username(), t.tokenType(), date(t.exp()),
                date(t.iat()), date(t.nbf()), t.sub(), aud, t.iss(), t.jti());
    }

    private static Long date(long epochSecond) {
        return epochSecond == 0 ? null : epochSecond;
    }
}
