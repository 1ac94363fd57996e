package dev.portcullis.authorize.issue;

import dev.portcullis.authorize.request.AuthorizationRequest;
import dev.portcullis.authorize.session.BrowserSession;
import dev.portcullis.contract.oauth.GrpcOAuthStatus;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.proto.token.v1.IssueTokensRequest;
import dev.portcullis.proto.token.v1.IssueTokensResponse;
import dev.portcullis.proto.token.v1.TokenIssuer;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tokens returned straight from the authorization endpoint (RFC 6749 §4.2.2, OIDC Core §3.2.2.5),
 * minted by token-service over gRPC {@code TokenIssuer}: this service never signs anything.
 * The implicit grant is legacy (RFC 9700 §2.1.2) and off unless enabled.
 */
@ApplicationScoped
public final class ImplicitTokens {
    private final TokenIssuer issuer;

    public ImplicitTokens(@GrpcClient("token-issuer") TokenIssuer issuer) {
        this.issuer = issuer;
    }

    /** The response parameters ({@code access_token}, {@code token_type}, {@code expires_in}, ...). */
    public Uni<Map<String, String>> issue(AuthorizationRequest request, BrowserSession session) {
        IssueTokensRequest.Builder call = IssueTokensRequest.newBuilder()
                .setClientId(request.clientId())
                .setSubject(session.subject())
                .setScope(request.scope().toString())
                .setAuthTime(session.authTime())
                .setSessionId(session.sid())
                .setAccessToken(request.responseType().contains("token"))
                .setIdToken(request.responseType().contains("id_token"))
                .addAllResource(request.resources());
        if (request.nonce() != null) {
            call.setNonce(request.nonce());
        }
        return issuer.issueTokens(call.build())
                .onFailure().transform(t -> {
                    OAuthError e = GrpcOAuthStatus.errorOf(t);
                    return (e == OAuthError.SERVER_ERROR ? OAuthError.TEMPORARILY_UNAVAILABLE : e)
                            .exception("Tokens could not be issued");
                })
                .map(ImplicitTokens::parameters);
    }

    private static Map<String, String> parameters(IssueTokensResponse r) {
        Map<String, String> p = new LinkedHashMap<>();
        if (!r.getAccessToken().isEmpty()) {
            p.put("access_token", r.getAccessToken());
            p.put("token_type", r.getTokenType());
            p.put("expires_in", Long.toString(r.getExpiresIn()));
        }
        if (!r.getIdToken().isEmpty()) {
            p.put("id_token", r.getIdToken());
        }
        if (!r.getScope().isEmpty()) {
            p.put("scope", r.getScope());
        }
        return p;
    }
}
