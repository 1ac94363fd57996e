package dev.portcullis.authorize.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.authorize.login.PasswordLogin;
import dev.portcullis.authorize.userinfo.ClaimsRelease;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.Scope;
import dev.portcullis.proto.user.v1.AuthenticateUserRequest;
import dev.portcullis.proto.user.v1.AuthenticateUserResponse;
import dev.portcullis.proto.user.v1.Claims;
import dev.portcullis.proto.user.v1.GetClaimsRequest;
import dev.portcullis.proto.user.v1.UserDirectory;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.time.Instant;

/**
 * gRPC {@code UserDirectory}: password checks for the RFC 6749 §4.3 grant (the login page's
 * throttle, answered {@code too_many_requests} with the seconds left, and the same work for
 * unknown users) and the claims of a subject for ID tokens
 * (OIDC Core §5.4).
 */
@GrpcService
public final class UserDirectoryService implements UserDirectory {
    private final PasswordLogin login;
    private final ClaimsRelease claims;
    private final ObjectMapper json;

    public UserDirectoryService(PasswordLogin login, ClaimsRelease claims, ObjectMapper json) {
        this.login = login;
        this.claims = claims;
        this.json = json;
    }

    @Override
    public Uni<AuthenticateUserResponse> authenticateUser(AuthenticateUserRequest request) {
        return login.attempt(request.getUsername(), request.getPassword(), request.getClientAddress(),
                request.getClientId().isEmpty() ? null : request.getClientId()).map(outcome -> {
                    if (outcome instanceof PasswordLogin.Outcome.Authenticated a) {
                        return AuthenticateUserResponse.newBuilder().setAuthenticated(true)
                                .setSubject(a.user().subject).setAuthTime(Instant.now().getEpochSecond()).build();
                    }
                    if (outcome instanceof PasswordLogin.Outcome.Throttled t) {
                        long seconds = Math.max(1, (t.retryAfter().toMillis() + 999) / 1000);
                        return AuthenticateUserResponse.newBuilder().setAuthenticated(false)
                                .setError(OAuthError.TOO_MANY_REQUESTS.code()).setRetryAfterSeconds(seconds)
                                .setErrorDescription("Too many failed attempts, retry in " + seconds + " s").build();
                    }
                    return AuthenticateUserResponse.newBuilder().setAuthenticated(false)
                            .setError(OAuthError.INVALID_GRANT.code())
                            .setErrorDescription("The resource owner credentials are invalid").build();
                });
    }

    @Override
    public Uni<Claims> getClaims(GetClaimsRequest request) {
        return claims.claims(request.getSubject(), Scope.of(request.getScopesList())).map(found -> {
            Claims.Builder b = Claims.newBuilder().setSubject(request.getSubject()).setFound(found.isPresent());
            found.ifPresent(c -> b.setClaimsJson(write(c)));
            return b.build();
        });
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
