package dev.portcullis.revocation.api;

import dev.portcullis.clients.ClientCredentials;
import dev.portcullis.contract.oauth.GrpcOAuthStatus;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthException;
import dev.portcullis.proto.client.v1.Client;
import dev.portcullis.revocation.authn.AcceptedCallerCredentials;
import dev.portcullis.revocation.token.DigestKey;
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
 * credential is closed with {@code UNAUTHENTICATED} and {@code oauth-error: invalid_client}.
 * A credential already accepted for introspection ({@link AcceptedCallerCredentials}) is known
 * by its SHA-256 and not parsed again; any other travels in the gRPC {@link Context} to the
 * service, which checks it against ClientRegistry (cached) without blocking the event loop.
 */
@ApplicationScoped
public class ClientCredentialsInterceptor implements ServerInterceptor {
    /** The caller of the current call. */
    static final Context.Key<GrpcCaller> CALLER = Context.key("portcullis-caller");
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final AcceptedCallerCredentials accepted;

    public ClientCredentialsInterceptor(AcceptedCallerCredentials accepted) {
        this.accepted = accepted;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        String authorization = headers.get(AUTHORIZATION);
        GrpcCaller caller;
        try {
            if (authorization == null || authorization.isBlank()) {
                throw OAuthError.INVALID_CLIENT.exception("Client authentication is required");
            }
            DigestKey key = DigestKey.of(authorization);
            Client known = accepted.get(key);
            caller = known != null
                    ? new GrpcCaller(key, null, known)
                    : new GrpcCaller(key, ClientCredentials.from(authorization, Map.of()), null);
        } catch (OAuthException e) {
            StatusRuntimeException refused = GrpcOAuthStatus.toStatus(e);
            call.close(refused.getStatus(), refused.getTrailers());
            return new ServerCall.Listener<>() {
            };
        }
        return Contexts.interceptCall(Context.current().withValue(CALLER, caller), call, headers, next);
    }
}
