package dev.portcullis.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import dev.portcullis.acceptance.client.AdminApi;
import dev.portcullis.acceptance.client.GrpcIntrospection;
import dev.portcullis.acceptance.client.HttpIntrospection;
import dev.portcullis.acceptance.client.Provider;
import dev.portcullis.acceptance.client.RegisteredClient;
import dev.portcullis.acceptance.stack.PortcullisStack;
import dev.portcullis.acceptance.stack.StackExtension;
import dev.portcullis.proto.introspection.v1.IntrospectResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A token revoked by its client (RFC 7009) is reported inactive by introspection at once, both
 * over HTTP (RFC 7662, Nimbus) and over gRPC (the internal services' path).
 */
@ExtendWith(StackExtension.class)
@DisplayName("Revocation seen by introspection (RFC 7009, RFC 7662, gRPC TokenIntrospection)")
class RevocationAndIntrospectionTest {
    static PortcullisStack stack;
    static Provider provider;
    static HttpIntrospection http;
    static GrpcIntrospection grpc;
    static RegisteredClient owner;
    static RegisteredClient resourceServer;

    @BeforeAll
    static void setUp() {
        stack = PortcullisStack.get();
        provider = Provider.discover(stack);
        http = new HttpIntrospection(provider);
        grpc = new GrpcIntrospection(stack.settings().revocationServicePort());
        AdminApi admin = new AdminApi(stack);
        owner = admin.machineClient("rev-owner", "client_secret_basic", Map.of());
        resourceServer = admin.machineClient("rev-rs", "client_secret_basic", Map.of("can_introspect", true));
    }

    @AfterAll
    static void tearDown() throws InterruptedException {
        grpc.close();
    }

    @Nested
    @DisplayName("RFC 7662 §2 over HTTP")
    class HttpIntrospectionEndpoint {
        @Test
        void whenTokenIsLiveThenActiveWithItsClientAndScope() {
            AccessToken token = issue();
            TokenIntrospectionSuccessResponse answer = http.introspect(resourceServer.basic(), token);
            assertTrue(answer.isActive());
            assertEquals(owner.clientId(), answer.getClientID().getValue());
            assertEquals(new Scope("api"), answer.getScope());
            assertEquals(stack.issuer(), answer.getIssuer().getValue());
        }

        @Test
        void whenTokenWasRevokedThenInactive() {
            AccessToken token = issue();
            assertEquals(200, http.revoke(owner.basic(), token).getStatusCode());
            TokenIntrospectionSuccessResponse answer = http.introspect(resourceServer.basic(), token);
            assertFalse(answer.isActive());
            // §2.2: an inactive answer carries nothing else about the token.
            assertEquals(Map.of("active", false), answer.toJSONObject());
        }

        @Test
        void whenTokenIsGarbageThenInactiveNotAnError() {
            assertFalse(http.introspect(resourceServer.basic(), new BearerAccessToken("not-a-token-at-all")).isActive());
        }
    }

    @Nested
    @DisplayName("RFC 7009 §2.2 revocation response")
    class RevocationEndpoint {
        @Test
        void whenTokenIsUnknownThenStill200() {
            assertEquals(200, http.revoke(owner.basic(), new BearerAccessToken("never-issued-token")).getStatusCode());
        }
    }

    @Nested
    @DisplayName("gRPC TokenIntrospection")
    class GrpcIntrospectionService {
        @Test
        void whenTokenIsLiveThenActiveWithTheSameAnswerAsHttp() {
            AccessToken token = issue();
            IntrospectResponse answer = grpc.introspect(resourceServer, token.getValue());
            assertTrue(answer.getActive());
            assertEquals(owner.clientId(), answer.getClientId());
            assertEquals("api", answer.getScope());
            assertEquals(stack.issuer(), answer.getIss());
        }

        @Test
        void whenTokenWasRevokedOverHttpThenInactiveOverGrpc() {
            AccessToken token = issue();
            assertTrue(grpc.introspect(resourceServer, token.getValue()).getActive());
            assertEquals(200, http.revoke(owner.basic(), token).getStatusCode());
            IntrospectResponse answer = grpc.introspect(resourceServer, token.getValue());
            assertFalse(answer.getActive());
            assertEquals("", answer.getClientId());
        }

        @Test
        void whenCallerSendsNoCredentialThenUnauthenticated() {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> grpc.introspectAnonymously(issue().getValue()));
            assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
        }
    }

    private static AccessToken issue() {
        TokenResponse response = provider.token(owner.basic(), new ClientCredentialsGrant(), new Scope("api"));
        assertTrue(response.indicatesSuccess(), () -> response.toErrorResponse().getErrorObject().toString());
        return response.toSuccessResponse().getTokens().getAccessToken();
    }
}
