package dev.portcullis.authorize.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The body of {@code POST /admin/users} and {@code PATCH /admin/users/{sub}}: the account and
 * the OIDC Core §5.1 claims, and the admin {@code roles} ({@code AdminRole} values). On PATCH,
 * an absent (null) member leaves the value unchanged.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record UserInput(
        @JsonProperty("username") String username,
        @JsonProperty("password") String password,
        @JsonProperty("enabled") Boolean enabled,
        @JsonProperty("email") String email,
        @JsonProperty("email_verified") Boolean emailVerified,
        @JsonProperty("name") String name,
        @JsonProperty("given_name") String givenName,
        @JsonProperty("family_name") String familyName,
        @JsonProperty("middle_name") String middleName,
        @JsonProperty("nickname") String nickname,
        @JsonProperty("preferred_username") String preferredUsername,
        @JsonProperty("profile") String profile,
        @JsonProperty("picture") String picture,
        @JsonProperty("website") String website,
        @JsonProperty("gender") String gender,
        @JsonProperty("birthdate") String birthdate,
        @JsonProperty("zoneinfo") String zoneinfo,
        @JsonProperty("locale") String locale,
        @JsonProperty("phone_number") String phoneNumber,
        @JsonProperty("phone_number_verified") Boolean phoneNumberVerified,
        @JsonProperty("roles") List<String> roles) {
}
