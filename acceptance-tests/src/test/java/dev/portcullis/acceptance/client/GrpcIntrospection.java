package dev.portcullis.acceptance.client;

import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import dev.portcullis.proto.introspection.v1.IntrospectRequest;
import dev.portcullis.proto.introspection.v1.IntrospectResponse;
import dev.portcullis.proto.introspection.v1.TokenIntrospectionGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.util.concurrent.TimeUnit;

/**
 * An internal service calling {@code TokenIntrospection} with the plain grpc-java blocking stub
 * generated from our {@code .proto}, authenticated by a client credential in the
 * {@code authorization: Basic ...} metadata (encoded as RFC 6749 §2.3.1 says).
 */
public final class GrpcIntrospection implements AutoCloseable {
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final ManagedChannel channel;

    public GrpcIntrospection(int port) {
        this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    /** Introspects {@code token} as {@code caller}. */
    public IntrospectResponse introspect(RegisteredClient caller, String token) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, ((ClientSecretBasic) caller.basic()).toHTTPAuthorizationHeader());
        return stub().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .introspect(IntrospectRequest.newBuilder().setToken(token).build());
    }

    /** Introspects {@code token} with no credential at all. */
    public IntrospectResponse introspectAnonymously(String token) {
        return stub().introspect(IntrospectRequest.newBuilder().setToken(token).build());
    }

    private TokenIntrospectionGrpc.TokenIntrospectionBlockingStub stub() {
        return TokenIntrospectionGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
