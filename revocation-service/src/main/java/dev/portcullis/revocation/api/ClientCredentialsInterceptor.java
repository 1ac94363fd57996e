package dev.portcullis.revocation.api;

import dev.portcullis.contract.client.ClientCredentials;
import dev.portcullis.contract.oauth.GrpcOAuthStatus;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthException;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Reads the caller's client credential from gRPC metadata ({@code authorization: Basic ...},
 * RFC 6749 §2.3.1 encoding) before any request message is handled. A call without a readable
 * credential is closed with {@code UNAUTHENTICATED} and {@code oauth-error: invalid_client};
 * otherwise the credential travels in the gRPC {@link Context} to the service, which checks it
 * against ClientRegistry (cached) without blocking the event loop.
 */
@ApplicationScoped
public class ClientCredentialsInterceptor implements ServerInterceptor {
    /** The credentials of the current call. */
    static final Context.Key<ClientCredentials> CALLER = Context.key("portcullis-caller");
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        String authorization = headers.get(AUTHORIZATION);
        ClientCredentials credentials;
        try {
            if (authorization == null || authorization.isBlank()) {
                throw OAuthError.INVALID_CLIENT.exception("Client authentication is required");
            }
            credentials = ClientCredentials.from(authorization, Map.of());
        } catch (OAuthException e) {
            StatusRuntimeException refused = GrpcOAuthStatus.toStatus(e);
            call.close(refused.getStatus(), refused.getTrailers());
            return new ServerCall.Listener<>() {
            };
        }
        return Contexts.interceptCall(Context.current().withValue(CALLER, credentials), call, headers, next);
    }
}
