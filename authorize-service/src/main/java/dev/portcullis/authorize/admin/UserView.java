package dev.portcullis.authorize.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.portcullis.authorize.user.User;
import java.util.List;

/** A user as the admin API shows it: never the password hash. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserView(
        @JsonProperty("sub") String sub,
        @JsonProperty("username") String username,
        @JsonProperty("enabled") boolean enabled,
        @JsonProperty("email") String email,
        @JsonProperty("email_verified") boolean emailVerified,
        @JsonProperty("name") String name,
        @JsonProperty("given_name") String givenName,
        @JsonProperty("family_name") String familyName,
        @JsonProperty("preferred_username") String preferredUsername,
        @JsonProperty("phone_number") String phoneNumber,
        @JsonProperty("locale") String locale,
        @JsonProperty("updated_at") Long updatedAt,
        @JsonProperty("roles") List<String> roles) {

    public static UserView of(User u) {
        return new UserView(u.subject, u.username, u.enabled, u.email, u.emailVerified, u.name, u.givenName,
                u.familyName, u.preferredUsername, u.phoneNumber, u.locale,
                u.updatedAt == null ? null : u.updatedAt.toEpochSecond(), u.roleList());
    }
}
