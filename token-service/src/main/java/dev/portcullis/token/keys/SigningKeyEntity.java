package dev.portcullis.token.keys;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code token.signing_key}; see V1__signing_keys.sql for the lifecycle columns. */
@Entity
@Table(name = "signing_key")
public class SigningKeyEntity extends PanacheEntityBase {
    @Id
    public String kid;
    public String alg;
    @Column(name = "public_jwk")
    public String publicJwk;
    /** AES-GCM nonce followed by the ciphertext of the private JWK. */
    @Column(name = "private_key")
    public byte[] privateKey;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "activates_at")
    public Instant activatesAt;
    @Column(name = "retires_at")
    public Instant retiresAt;
    @Column(name = "unpublish_at")
    public Instant unpublishAt;
}
