package dev.portcullis.authorize.user;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A person who signs in: the account ({@code username}, password hash, {@code enabled}) and the
 * OIDC standard claims of OIDC Core §5.1. The primary key is the stable {@code sub}.
 */
@Entity
@Table(name = "users")
public class User extends PanacheEntityBase {
    @Id
    public String subject;
    public String username;
    @Column(name = "password_hash")
    public String passwordHash;
    public boolean enabled = true;
    public String email;
    @Column(name = "email_verified")
    public boolean emailVerified;
    public String name;
    @Column(name = "given_name")
    public String givenName;
    @Column(name = "family_name")
    public String familyName;
    @Column(name = "middle_name")
    public String middleName;
    public String nickname;
    @Column(name = "preferred_username")
    public String preferredUsername;
    public String profile;
    public String picture;
    public String website;
    public String gender;
    public String birthdate;
    public String zoneinfo;
    public String locale;
    @Column(name = "phone_number")
    public String phoneNumber;
    @Column(name = "phone_number_verified")
    public boolean phoneNumberVerified;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
    /** Admin roles ({@code AdminRole} values), space-separated; empty for most people. */
    public String roles = "";

    /** The admin roles, in stored order. */
    public List<String> roleList() {
        return roles == null || roles.isBlank() ? List.of() : List.of(roles.trim().split(" +"));
    }
}
