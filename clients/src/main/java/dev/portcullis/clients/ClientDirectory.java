package dev.portcullis.clients;

import dev.portcullis.proto.client.v1.Client;
import dev.portcullis.proto.client.v1.ClientRegistry;
import dev.portcullis.proto.client.v1.GetClientRequest;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The client records of ClientRegistry (gRPC client {@code client-registry}) as the token,
 * revocation and authorize services see them: served from the {@link ClientCache} when it holds
 * the client, so a hot path makes no remote call for a known client. Other caches derived from
 * client records follow the same change notices through {@link #onChange}.
 */
@ApplicationScoped
public class ClientDirectory {
    private final ClientRegistry registry;
    private final ClientCache cache;
    private final ClientChangeSubscription notices;

    @Inject
    public ClientDirectory(@GrpcClient("client-registry") ClientRegistry registry, ClientCache cache,
            ClientChangeSubscription notices) {
        this.registry = registry;
        this.cache = cache;
        this.notices = notices;
    }

    /** The client, or empty when ClientRegistry does not know it. */
    public Uni<Optional<Client>> find(String clientId) {
        ClientCache.Entry e = cache.fresh(clientId);
        if (e != null) {
            return Uni.createFrom().item(Optional.of(e.client()));
        }
        long generation = cache.generation();
        return registry.getClient(GetClientRequest.newBuilder().setClientId(clientId).build())
                .map(c -> {
                    cache.store(generation, clientId, c, null);
                    return Optional.of(c);
                })
                .onFailure(t -> Status.fromThrowable(t).getCode() == Status.Code.NOT_FOUND)
                .recoverWithItem(Optional.empty());
    }

    /**
     * Calls {@code listener} after the client cache has dropped a client on its change notice,
     * with the client's id, or with null when every client must be considered changed (the
     * subscription was lost or came back, or a notice was unreadable).
     */
    public void onChange(Consumer<String> listener) {
        notices.onChange(listener);
    }

    /** True while change notices are being received, so cached client data can be trusted. */
    public boolean listening() {
        return notices.listening();
    }
}
