package dev.portcullis.token.client;

import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.Scope;
import dev.portcullis.proto.user.v1.AuthenticateUserRequest;
import dev.portcullis.proto.user.v1.AuthenticateUserResponse;
import dev.portcullis.proto.user.v1.GetClaimsRequest;
import dev.portcullis.proto.user.v1.UserDirectory;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * authorize-service's {@code UserDirectory} over gRPC (client name {@code user-directory}):
 * the claims of a subject for ID tokens (OIDC Core §5.4) and password checks (RFC 6749 §4.3).
 * An unreachable directory is {@code temporarily_unavailable}, never a 500.
 */
@ApplicationScoped
public class UserDirectoryClient {
    private static final Logger LOG = Logger.getLogger(UserDirectoryClient.class);

    private final UserDirectory directory;

    public UserDirectoryClient(@GrpcClient("user-directory") UserDirectory directory) {
        this.directory = directory;
    }

    /**
     * The released claims of {@code subject} for {@code scope} as the JSON object UserDirectory
     * answers (decoded by {@code issue.ReleasedClaims}); empty for an unknown or disabled user.
     */
    public Uni<Optional<String>> claims(String subject, Scope scope) {
        return directory.getClaims(GetClaimsRequest.newBuilder().setSubject(subject).addAllScopes(scope.tokens()).build())
                .onFailure().transform(UserDirectoryClient::unavailable)
                .map(c -> c.getFound() ? Optional.of(c.getClaimsJson()) : Optional.<String>empty());
    }

    public Uni<AuthenticateUserResponse> authenticate(String username, String password, String clientId, String address) {
        return directory.authenticateUser(AuthenticateUserRequest.newBuilder().setUsername(username).setPassword(password)
                .setClientId(clientId).setClientAddress(address).build())
                .onFailure().transform(UserDirectoryClient::unavailable);
    }

    private static Throwable unavailable(Throwable t) {
        LOG.warnf("UserDirectory call failed: %s", Status.fromThrowable(t).getCode());
        return OAuthError.TEMPORARILY_UNAVAILABLE.exception("The user directory is unavailable, retry later");
    }
}
