package dev.portcullis.revocation.api;

import dev.portcullis.contract.client.ClientCredentials;
import dev.portcullis.contract.oauth.GrpcOAuthStatus;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthException;
import dev.portcullis.proto.client.v1.Client;
import dev.portcullis.proto.introspection.v1.IntrospectRequest;
import dev.portcullis.proto.introspection.v1.IntrospectResponse;
import dev.portcullis.proto.introspection.v1.MutinyTokenIntrospectionGrpc;
import dev.portcullis.revocation.authn.CallerAuthentication;
import dev.portcullis.revocation.introspect.ActiveToken;
import dev.portcullis.revocation.introspect.TokenIntrospector;
import io.quarkus.grpc.GrpcService;
import io.quarkus.grpc.RegisterInterceptor;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.Optional;

/**
 * gRPC {@code TokenIntrospection} for internal services: the same answers as RFC 7662 over
 * HTTP, from the same {@link TokenIntrospector} and cache. The caller authenticates once per
 * call (once per stream for {@code IntrospectStream}) with a client credential registered with
 * {@code can_introspect}; the stream answers one response per request, in request order.
 */
@GrpcService
@RegisterInterceptor(ClientCredentialsInterceptor.class)
public class TokenIntrospectionService extends MutinyTokenIntrospectionGrpc.TokenIntrospectionImplBase {
    private final CallerAuthentication callers;
    private final TokenIntrospector introspector;

    public TokenIntrospectionService(CallerAuthentication callers, TokenIntrospector introspector) {
        this.callers = callers;
        this.introspector = introspector;
    }

    @Override
    public Uni<IntrospectResponse> introspect(IntrospectRequest request) {
        return caller().chain(c -> answer(request)).onFailure(OAuthException.class).transform(this::toStatus);
    }

    @Override
    public Multi<IntrospectResponse> introspectStream(Multi<IntrospectRequest> requests) {
        return caller()
                .onItem().transformToMulti(c -> requests.onItem().transformToUniAndConcatenate(this::answer))
                .onFailure(OAuthException.class).transform(this::toStatus);
    }

    private Uni<Client> caller() {
        ClientCredentials credentials = ClientCredentialsInterceptor.CALLER.get();
        if (credentials == null) {
            return Uni.createFrom().failure(OAuthError.INVALID_CLIENT.exception("Client authentication is required"));
        }
        return callers.introspector(credentials);
    }

    private Uni<IntrospectResponse> answer(IntrospectRequest request) {
        return introspector.introspect(request.getToken()).map(found -> toResponse(found, request.getRequestId()));
    }

    private Throwable toStatus(Throwable t) {
        return GrpcOAuthStatus.toStatus((OAuthException) t);
    }

    /** RFC 7662 §2.2 in protobuf: when inactive, every field but request_id is empty. */
    static IntrospectResponse toResponse(Optional<ActiveToken> found, String requestId) {
        IntrospectResponse.Builder b = IntrospectResponse.newBuilder().setRequestId(requestId);
        found.ifPresent(t -> {
            b.setActive(true).setExp(t.exp()).setIat(t.iat()).setNbf(t.nbf()).addAllAud(t.aud());
            set(t.scope(), b::setScope);
            set(t.clientId(), b::setClientId);
            set(t.username(), b::setUsername);
            set(t.tokenType(), b::setTokenType);
            set(t.sub(), b::setSub);
            set(t.iss(), b::setIss);
            set(t.jti(), b::setJti);
        });
        return b.build();
    }

    private static void set(String value, java.util.function.Consumer<String> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }
}
