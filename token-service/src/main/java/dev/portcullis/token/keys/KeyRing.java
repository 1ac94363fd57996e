package dev.portcullis.token.keys;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * The keys this replica signs with and publishes, held in memory so the hot path reads no
 * database. Replaced as a whole from the table by {@link KeyLifecycle}; every replica computes
 * the same active key from the same rows, so they converge without talking to each other.
 */
@ApplicationScoped
public class KeyRing {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeyEncryption encryption;
    private final Clock clock;
    private final Map<String, SigningKey> decrypted = new ConcurrentHashMap<>();
    private volatile List<SigningKey> keys = List.of();
    private volatile String jwks = "{\"keys\":[]}";

    public KeyRing(KeyEncryption encryption, Clock clock) {
        this.encryption = encryption;
        this.clock = clock;
    }

    /** Replaces the ring with the rows read from the table. */
    public void load(List<SigningKeyEntity> rows) {
        List<SigningKey> loaded = new ArrayList<>(rows.size());
        for (SigningKeyEntity row : rows) {
            SigningKey known = decrypted.get(row.kid);
            SigningKey key = known != null && known.activatesAt().equals(row.activatesAt)
                    ? new SigningKey(row.kid, known.alg(), known.jwk(), row.activatesAt, row.retiresAt, row.unpublishAt,
                            known.privateKey())
                    : decrypt(row);
            decrypted.put(row.kid, key);
            loaded.add(key);
        }
        loaded.sort(Comparator.comparing(SigningKey::activatesAt));
        decrypted.keySet().retainAll(loaded.stream().map(SigningKey::kid).toList());
        this.keys = List.copyOf(loaded);
        this.jwks = publish(loaded);
    }

    /** The key that signs with {@code alg} now: the latest activated, not yet retired. */
    public Optional<SigningKey> active(SigningAlgorithm alg) {
        Instant now = clock.instant();
        SigningKey best = null;
        for (SigningKey k : keys) {
            if (k.alg() == alg && k.signsAt(now) && (best == null || k.activatesAt().isAfter(best.activatesAt()))) {
                best = k;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The newest key of {@code alg} that has no successor yet (the rotation clock runs from its creation). */
    public Optional<SigningKey> newest(SigningAlgorithm alg) {
        return keys.stream().filter(k -> k.alg() == alg && k.retiresAt() == null)
                .max(Comparator.comparing(SigningKey::activatesAt));
    }

    /** RFC 7517 §5 JWK Set of every published key, public parts only. */
    public String jwks() {
        return jwks;
    }

    public List<SigningKey> keys() {
        return keys;
    }

    private SigningKey decrypt(SigningKeyEntity row) {
        try {
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(encryption.decrypt(row.kid, row.privateKey));
            SigningAlgorithm alg = SigningAlgorithm.of(row.alg)
                    .orElseThrow(() -> new IllegalStateException("Unknown alg " + row.alg + " of key " + row.kid));
            return SigningKey.of(row.kid, alg, jwk, row.activatesAt, row.retiresAt, row.unpublishAt);
        } catch (JoseException e) {
            throw new IllegalStateException("Signing key " + row.kid + " is not a JWK", e);
        }
    }

    private String publish(List<SigningKey> loaded) {
        Instant now = clock.instant();
        ObjectNode set = JSON.createObjectNode();
        ArrayNode array = set.putArray("keys");
        try {
            for (SigningKey k : loaded) {
                if (k.publishedAt(now)) {
                    array.add(JSON.readTree(k.jwk().toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)));
                }
            }
            return JSON.writeValueAsString(set);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
