package dev.portcullis.revocation.api;

import dev.portcullis.contract.oauth.GrpcOAuthStatus;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthException;
import dev.portcullis.proto.client.v1.Client;
import dev.portcullis.proto.introspection.v1.IntrospectRequest;
import dev.portcullis.proto.introspection.v1.IntrospectResponse;
import dev.portcullis.proto.introspection.v1.TokenIntrospectionGrpc;
import dev.portcullis.revocation.authn.CallerAuthentication;
import dev.portcullis.revocation.token.DigestKey;
import dev.portcullis.revocation.token.ActiveToken;
import dev.portcullis.revocation.introspect.IntrospectionRights;
import dev.portcullis.revocation.introspect.TokenIntrospector;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.quarkus.grpc.RegisterInterceptor;
import io.quarkus.grpc.stubs.ServerCalls;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * gRPC {@code TokenIntrospection} for internal services: the same answers as RFC 7662 over
 * HTTP, from the same {@link TokenIntrospector} and cache. The caller authenticates once per
 * call (once per stream for {@code IntrospectStream}) with a client credential; a token it may
 * not know about ({@link IntrospectionRights}) is answered inactive, as over HTTP (RFC 7662
 * §2.2). The stream answers one response per request, in request order.
 *
 * <p>A plain grpc-java service, run on the event loop ({@link NonBlocking}, Quarkus' default for
 * it): a unary call whose caller credential was accepted before and whose token is in the
 * verified-token cache is answered synchronously, with no reactive pipeline and so no context
 * capture; anything else goes through the reactive checks. The stream keeps Quarkus' Mutiny
 * bridge ({@link ServerCalls#manyToMany}), which handles its flow control.
 */
@GrpcService
@NonBlocking
@RegisterInterceptor(ClientCredentialsInterceptor.class)
public class TokenIntrospectionService extends TokenIntrospectionGrpc.TokenIntrospectionImplBase {
    private static final Logger LOG = Logger.getLogger(TokenIntrospectionService.class);

    private final CallerAuthentication callers;
    private final TokenIntrospector introspector;

    public TokenIntrospectionService(CallerAuthentication callers, TokenIntrospector introspector) {
        this.callers = callers;
        this.introspector = introspector;
    }

    @Override
    public void introspect(IntrospectRequest request, StreamObserver<IntrospectResponse> out) {
        GrpcCaller caller = ClientCredentialsInterceptor.CALLER.get();
        if (caller != null && caller.accepted() != null) {
            DigestKey token = DigestKey.of(request.getToken());
            ActiveToken hit = introspector.cached(token);
            if (hit != null) {
                out.onNext(toResponse(IntrospectionRights.visibleTo(caller.accepted(), Optional.of(hit)),
                        request.getRequestId()));
                out.onCompleted();
                return;
            }
            reply(introspector.lookUp(request.getToken(), token)
                    .map(found -> toResponse(IntrospectionRights.visibleTo(caller.accepted(), found),
                            request.getRequestId())), out);
            return;
        }
        reply(caller(caller).chain(c -> answer(c, request)), out);
    }

    @Override
    public StreamObserver<IntrospectRequest> introspectStream(StreamObserver<IntrospectResponse> out) {
        GrpcCaller caller = ClientCredentialsInterceptor.CALLER.get();
        return ServerCalls.manyToMany(out, requests -> introspectStream(caller, requests));
    }

    private Multi<IntrospectResponse> introspectStream(GrpcCaller caller, Multi<IntrospectRequest> requests) {
        return caller(caller)
                .onItem().transformToMulti(c -> requests.onItem().transformToUniAndConcatenate(r -> answer(c, r)))
                .onFailure().transform(TokenIntrospectionService::toStatus);
    }

    private Uni<Client> caller(GrpcCaller caller) {
        if (caller == null) {
            return Uni.createFrom().failure(OAuthError.INVALID_CLIENT.exception("Client authentication is required"));
        }
        if (caller.accepted() != null) {
            return Uni.createFrom().item(caller.accepted());
        }
        return callers.introspector(caller.credentialKey(), caller.credentials());
    }

    private Uni<IntrospectResponse> answer(Client caller, IntrospectRequest request) {
        return introspector.introspect(request.getToken())
                .map(found -> toResponse(IntrospectionRights.visibleTo(caller, found), request.getRequestId()));
    }

    private static void reply(Uni<IntrospectResponse> answer, StreamObserver<IntrospectResponse> out) {
        answer.subscribe().with(r -> {
            out.onNext(r);
            out.onCompleted();
        }, t -> out.onError(toStatus(t)));
    }

    /** OAuth errors keep their code (GrpcOAuthStatus); anything else is logged and becomes server_error. */
    private static Throwable toStatus(Throwable t) {
        if (t instanceof OAuthException e) {
            return GrpcOAuthStatus.toStatus(e);
        }
        LOG.error("Introspection failed", t);
        return GrpcOAuthStatus.toStatus(OAuthError.SERVER_ERROR.exception("Introspection failed"));
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
