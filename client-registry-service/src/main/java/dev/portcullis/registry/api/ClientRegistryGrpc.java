package dev.portcullis.registry.api;

import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.proto.client.v1.AuthenticateClientRequest;
import dev.portcullis.proto.client.v1.AuthenticateClientResponse;
import dev.portcullis.proto.client.v1.Client;
import dev.portcullis.proto.client.v1.ClientRegistry;
import dev.portcullis.proto.client.v1.GetClientRequest;
import dev.portcullis.proto.client.v1.ValidateRedirectUriRequest;
import dev.portcullis.proto.client.v1.ValidateRedirectUriResponse;
import dev.portcullis.registry.authn.ClientAuthenticator;
import dev.portcullis.registry.store.ClientCache;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

/**
 * The {@code ClientRegistry} gRPC service (client_registry.proto) that the token, revocation
 * and authorize services call. Reads go through the in-memory {@link ClientCache}.
 */
@GrpcService
public final class ClientRegistryGrpc implements ClientRegistry {
    private final ClientCache clients;
    private final ClientAuthenticator authenticator;

    public ClientRegistryGrpc(ClientCache clients, ClientAuthenticator authenticator) {
        this.clients = clients;
        this.authenticator = authenticator;
    }

    /** gRPC NOT_FOUND, no OAuth error, for an unknown client; disabled ones are returned. */
    @Override
    public Uni<Client> getClient(GetClientRequest request) {
        return clients.find(request.getClientId()).map(found -> found.map(ClientProto::of)
                .orElseThrow(() -> Status.NOT_FOUND.withDescription("No such client").asRuntimeException()));
    }

    /** RFC 6749 §2.3, RFC 7523 §3: never fails for bad credentials, answers authenticated=false. */
    @Override
    public Uni<AuthenticateClientResponse> authenticateClient(AuthenticateClientRequest request) {
        return authenticator.authenticate(request).map(result -> result
                .map(c -> AuthenticateClientResponse.newBuilder().setAuthenticated(true).setClient(ClientProto.of(c)).build())
                .orElseGet(() -> AuthenticateClientResponse.newBuilder().setAuthenticated(false)
                        .setError(OAuthError.INVALID_CLIENT.code())
                        .setErrorDescription("Client authentication failed").build()));
    }

    /** RFC 6749 §3.1.2.3: simple string comparison against the registered URIs. */
    @Override
    public Uni<ValidateRedirectUriResponse> validateRedirectUri(ValidateRedirectUriRequest request) {
        return clients.find(request.getClientId()).map(found -> ValidateRedirectUriResponse.newBuilder()
                .setValid(found.filter(c -> c.metadata().enabled())
                        .map(c -> c.metadata().redirectUris().contains(request.getRedirectUri()))
                        .orElse(false))
                .build());
    }
}
