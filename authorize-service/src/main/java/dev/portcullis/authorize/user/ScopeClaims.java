package dev.portcullis.authorize.user;

import dev.portcullis.contract.oauth.Scope;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The claims a user releases for a set of scopes, per OIDC Core §5.4: {@code profile},
 * {@code email}, {@code phone} (and {@code sub} always). Empty values are left out (§5.3.2).
 */
public final class ScopeClaims {
    private ScopeClaims() {
    }

    public static Map<String, Object> of(User u, Scope scope) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("sub", u.subject);
        if (scope.contains("profile")) {
            put(c, "name", u.name);
            put(c, "family_name", u.familyName);
            put(c, "given_name", u.givenName);
            put(c, "middle_name", u.middleName);
            put(c, "nickname", u.nickname);
            put(c, "preferred_username", u.preferredUsername != null ? u.preferredUsername : u.username);
            put(c, "profile", u.profile);
            put(c, "picture", u.picture);
            put(c, "website", u.website);
            put(c, "gender", u.gender);
            put(c, "birthdate", u.birthdate);
            put(c, "zoneinfo", u.zoneinfo);
            put(c, "locale", u.locale);
            if (u.updatedAt != null) {
                c.put("updated_at", u.updatedAt.toEpochSecond());
            }
        }
        if (scope.contains("email") && u.email != null) {
            c.put("email", u.email);
            c.put("email_verified", u.emailVerified);
        }
        if (scope.contains("phone") && u.phoneNumber != null) {
            c.put("phone_number", u.phoneNumber);
            c.put("phone_number_verified", u.phoneNumberVerified);
        }
        return c;
    }

    private static void put(Map<String, Object> c, String name, String value) {
        if (value != null && !value.isEmpty()) {
            c.put(name, value);
        }
    }
}
