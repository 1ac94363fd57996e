package dev.portcullis.clients;

import dev.portcullis.proto.client.v1.AuthenticateClientRequest;
import dev.portcullis.proto.client.v1.AuthenticateClientResponse;
import dev.portcullis.proto.client.v1.Client;
import dev.portcullis.proto.client.v1.ClientRegistry;
import dev.portcullis.proto.client.v1.GetClientRequest;
import dev.portcullis.proto.client.v1.ValidateRedirectUriRequest;
import dev.portcullis.proto.client.v1.ValidateRedirectUriResponse;
import io.grpc.Status;
import io.smallrye.mutiny.Uni;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A ClientRegistry holding clients and their secrets in memory, counting the calls it answers. */
final class FakeRegistry implements ClientRegistry {
    final Map<String, Client> clients = new HashMap<>();
    final Map<String, String> secrets = new HashMap<>();
    final AtomicInteger getCalls = new AtomicInteger();
    final AtomicInteger authenticateCalls = new AtomicInteger();
    volatile boolean down;

    FakeRegistry with(Client client, String secret) {
        clients.put(client.getClientId(), client);
        if (secret != null) {
            secrets.put(client.getClientId(), secret);
        }
        return this;
    }

    static Client client(String id, String method) {
        return Client.newBuilder().setClientId(id).setEnabled(true).setTokenEndpointAuthMethod(method).build();
    }

    @Override
    public Uni<Client> getClient(GetClientRequest request) {
        getCalls.incrementAndGet();
        if (down) {
            return Uni.createFrom().failure(Status.UNAVAILABLE.asRuntimeException());
        }
        Client c = clients.get(request.getClientId());
        return c == null ? Uni.createFrom().failure(Status.NOT_FOUND.asRuntimeException()) : Uni.createFrom().item(c);
    }

    @Override
    public Uni<AuthenticateClientResponse> authenticateClient(AuthenticateClientRequest request) {
        authenticateCalls.incrementAndGet();
        if (down) {
            return Uni.createFrom().failure(Status.UNAVAILABLE.asRuntimeException());
        }
        Client c = clients.get(request.getClientId());
        boolean ok = c != null && c.getTokenEndpointAuthMethod().equals(request.getAuthMethod())
                && (request.getClientAssertion().isEmpty()
                        ? request.getClientSecret().equals(secrets.get(request.getClientId()))
                        : request.getClientAssertion().equals("valid-assertion"));
        AuthenticateClientResponse.Builder r = AuthenticateClientResponse.newBuilder().setAuthenticated(ok);
        if (ok) {
            r.setClient(c);
        }
        return Uni.createFrom().item(r.build());
    }

    @Override
    public Uni<ValidateRedirectUriResponse> validateRedirectUri(ValidateRedirectUriRequest request) {
        return Uni.createFrom().failure(new UnsupportedOperationException());
    }
}
