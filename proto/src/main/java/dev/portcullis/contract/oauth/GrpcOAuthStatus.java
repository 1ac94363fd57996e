package dev.portcullis.contract.oauth;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The gRPC mapping of {@link OAuthException}: a gRPC status chosen from the HTTP status, with
 * the OAuth error code in the {@code oauth-error} trailer so callers never parse messages.
 */
public final class GrpcOAuthStatus {
    /** Trailer that carries the OAuth error code. */
    public static final Metadata.Key<String> OAUTH_ERROR =
            Metadata.Key.of("oauth-error", Metadata.ASCII_STRING_MARSHALLER);

    private GrpcOAuthStatus() {
    }

    public static StatusRuntimeException toStatus(OAuthException e) {
        Metadata trailers = new Metadata();
        trailers.put(OAUTH_ERROR, e.error().code());
        return statusFor(e.error()).withDescription(e.description()).asRuntimeException(trailers);
    }

    /** Reads the OAuth error from a failed call, or {@link OAuthError#SERVER_ERROR}. */
    public static OAuthError errorOf(Throwable t) {
        Metadata trailers = Status.trailersFromThrowable(t);
        if (trailers != null && trailers.containsKey(OAUTH_ERROR)) {
            return OAuthError.fromCode(trailers.get(OAUTH_ERROR));
        }
        return OAuthError.SERVER_ERROR;
    }

    static Status statusFor(OAuthError error) {
        return switch (error.httpStatus()) {
            case 401 -> Status.UNAUTHENTICATED;
            case 403 -> Status.PERMISSION_DENIED;
            case 409 -> Status.ALREADY_EXISTS;
            case 429 -> Status.RESOURCE_EXHAUSTED;
            case 503 -> Status.UNAVAILABLE;
            case 500 -> Status.INTERNAL;
            default -> Status.INVALID_ARGUMENT;
        };
    }
}
