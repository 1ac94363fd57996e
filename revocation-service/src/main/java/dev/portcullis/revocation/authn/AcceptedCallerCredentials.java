package dev.portcullis.revocation.authn;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.portcullis.clients.ClientDirectory;
import dev.portcullis.proto.client.v1.Client;
import dev.portcullis.revocation.token.DigestKey;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * gRPC caller credentials already accepted for introspection (RFC 7662 §2.1: authenticated and
 * enabled; what each may see is decided per token from the client kept here), so a unary call
 * from a known caller costs one SHA-256 of its {@code authorization} metadata instead of parsing it, hashing the secret and a reactive round
 * through {@code ClientDirectory}.
 *
 * <ul>
 *   <li>keyed by the SHA-256 of the whole metadata value ({@link DigestKey}, compared in constant
 *       time): the secret is never kept in clear, and any other value is a miss, checked in
 *       full;</li>
 *   <li>bounded and aged like the client cache ({@code portcullis.client-cache.max-entries},
 *       {@code portcullis.client-cache.ttl});</li>
 *   <li>a client change notice (secret rotated, {@code can_introspect} withdrawn, client
 *       disabled or deleted) drops the client's entries at once: {@code ClientDirectory} hears
 *       the notice, drops its own entry first and then tells this cache
 *       ({@link ClientDirectory#onChange}); while its subscription is down nothing is served from
 *       here either;</li>
 *   <li>an acceptance that raced with a notice is not kept (generation counter).</li>
 * </ul>
 */
@ApplicationScoped
public class AcceptedCallerCredentials {
    private final ClientDirectory clients;
    private final Cache<DigestKey, Client> accepted;
    private final AtomicLong generation = new AtomicLong();

    public AcceptedCallerCredentials(ClientDirectory clients,
            @ConfigProperty(name = "portcullis.client-cache.ttl", defaultValue = "PT5M") Duration ttl,
            @ConfigProperty(name = "portcullis.client-cache.max-entries", defaultValue = "10000") int maxEntries) {
        this.clients = clients;
        this.accepted = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(ttl).build();
    }

    void onStart(@Observes StartupEvent event) {
        clients.onChange(this::drop);
    }

    /** The client whose accepted credential hashes to {@code credential}, or null. */
    public Client get(DigestKey credential) {
        return clients.listening() ? accepted.getIfPresent(credential) : null;
    }

    /** Read before authenticating; pass to {@link #put}. */
    public long generation() {
        return generation.get();
    }

    /** Remembers an accepted credential unless a change notice arrived since {@code generationBefore}. */
    public void put(long generationBefore, DigestKey credential, Client client) {
        if (!clients.listening()) {
            return;
        }
        accepted.put(credential, client);
        if (generation.get() != generationBefore) {
            accepted.invalidate(credential);
        }
    }

    /** Drops a client's accepted credentials, or all of them when {@code clientId} is null. */
    private void drop(String clientId) {
        generation.incrementAndGet();
        if (clientId == null) {
            accepted.invalidateAll();
        } else {
            accepted.asMap().values().removeIf(c -> clientId.equals(c.getClientId()));
        }
    }
}
