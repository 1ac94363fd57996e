package dev.portcullis.registry;

import static dev.portcullis.registry.AdminClients.ADMIN;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.contract.oauth.GrpcOAuthStatus;
import dev.portcullis.proto.client.v1.AuthenticateClientRequest;
import dev.portcullis.proto.client.v1.AuthenticateClientResponse;
import dev.portcullis.proto.client.v1.Client;
import dev.portcullis.proto.client.v1.ClientRegistry;
import dev.portcullis.proto.client.v1.GetClientRequest;
import dev.portcullis.proto.client.v1.ValidateRedirectUriRequest;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The ClientRegistry gRPC API through a real gRPC client (client_registry.proto). */
@QuarkusTest
class ClientRegistryGrpcTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @GrpcClient("client-registry")
    ClientRegistry registry;

    private AuthenticateClientResponse authenticate(String clientId, String method, String secret) {
        return registry.authenticateClient(AuthenticateClientRequest.newBuilder()
                .setClientId(clientId).setAuthMethod(method).setClientSecret(secret).build()).await().atMost(WAIT);
    }

    @Nested
    class GetClient {
        @Test
        void whenClientExistsThenItsMetadataIsReturned() {
            String id = AdminClients.uniqueId("grpc-get");
            AdminClients.createConfidential(id);
            Client c = registry.getClient(GetClientRequest.newBuilder().setClientId(id).build()).await().atMost(WAIT);
            assertEquals(id, c.getClientId());
            assertEquals("client_secret_basic", c.getTokenEndpointAuthMethod());
            assertEquals("api", c.getScope());
            assertTrue(c.getEnabled());
            assertTrue(c.getGrantTypesList().contains("client_credentials"));
        }

        @Test
        void whenClientIsUnknownThenNotFoundAndNoOAuthError() {
            Throwable t = assertThrows(Exception.class, () -> registry.getClient(GetClientRequest.newBuilder()
                    .setClientId(AdminClients.uniqueId("nobody")).build()).await().atMost(WAIT));
            assertEquals(Status.Code.NOT_FOUND, Status.fromThrowable(t).getCode());
            assertNull(Status.trailersFromThrowable(t).get(GrpcOAuthStatus.OAUTH_ERROR));
        }

        @Test
        void whenClientIsDisabledThenItIsReturnedWithEnabledFalse() {
            String id = AdminClients.uniqueId("grpc-dis");
            AdminClients.createConfidential(id);
            registry.getClient(GetClientRequest.newBuilder().setClientId(id).build()).await().atMost(WAIT);
            given().header("Authorization", ADMIN).post("/admin/clients/" + id + "/disable").then().statusCode(200);
            Client c = registry.getClient(GetClientRequest.newBuilder().setClientId(id).build()).await().atMost(WAIT);
            assertFalse(c.getEnabled());
        }
    }

    /** RFC 6749 §2.3.1 client password authentication. */
    @Nested
    class Rfc6749Section2_3_1ClientSecret {
        @Test
        void whenSecretIsRightThenAuthenticatedWithTheClient() {
            String id = AdminClients.uniqueId("grpc-auth");
            String secret = AdminClients.createConfidential(id);
            AuthenticateClientResponse r = authenticate(id, "client_secret_basic", secret);
            assertTrue(r.getAuthenticated());
            assertEquals(id, r.getClient().getClientId());
        }

        @Test
        void whenSecretIsWrongThenInvalidClient() {
            String id = AdminClients.uniqueId("grpc-wrong");
            String secret = AdminClients.createConfidential(id);
            AuthenticateClientResponse r = authenticate(id, "client_secret_basic", secret + "x");
            assertFalse(r.getAuthenticated());
            assertEquals("invalid_client", r.getError());
            assertFalse(r.hasClient());
        }

        @Test
        void whenPresentedMethodDiffersFromTheRegisteredOneThenInvalidClient() {
            String id = AdminClients.uniqueId("grpc-method");
            String secret = AdminClients.createConfidential(id);
            assertFalse(authenticate(id, "client_secret_post", secret).getAuthenticated());
        }

        @Test
        void whenClientIsUnknownThenInvalidClient() {
            AuthenticateClientResponse r = authenticate(AdminClients.uniqueId("ghost"), "client_secret_basic", "x");
            assertFalse(r.getAuthenticated());
            assertEquals("invalid_client", r.getError());
        }

        @Test
        void whenClientIsDisabledThenItsSecretIsRefused() {
            String id = AdminClients.uniqueId("grpc-disabled");
            String secret = AdminClients.createConfidential(id);
            assertTrue(authenticate(id, "client_secret_basic", secret).getAuthenticated());
            given().header("Authorization", ADMIN).post("/admin/clients/" + id + "/disable").then().statusCode(200);
            assertFalse(authenticate(id, "client_secret_basic", secret).getAuthenticated());
        }

        @Test
        void whenClientIsDeletedThenItsSecretIsRefusedAtOnce() {
            String id = AdminClients.uniqueId("grpc-deleted");
            String secret = AdminClients.createConfidential(id);
            assertTrue(authenticate(id, "client_secret_basic", secret).getAuthenticated());
            given().header("Authorization", ADMIN).delete("/admin/clients/" + id).then().statusCode(204);
            assertFalse(authenticate(id, "client_secret_basic", secret).getAuthenticated());
        }
    }

    /** Secret rotation: the previous secret stays valid during the grace period (%test: PT1H). */
    @Nested
    class SecretRotation {
        @Test
        void whenSecretIsRotatedThenBothOldAndNewAreAcceptedDuringTheGracePeriod() {
            String id = AdminClients.uniqueId("grpc-rot");
            String old = AdminClients.createConfidential(id);
            String fresh = given().header("Authorization", ADMIN).post("/admin/clients/" + id + "/secret")
                    .then().statusCode(200).extract().path("client_secret");
            assertTrue(authenticate(id, "client_secret_basic", fresh).getAuthenticated());
            assertTrue(authenticate(id, "client_secret_basic", old).getAuthenticated());
        }

        @Test
        void whenSecretIsRotatedTwiceThenTheFirstSecretIsRefused() {
            String id = AdminClients.uniqueId("grpc-rot2");
            String first = AdminClients.createConfidential(id);
            given().header("Authorization", ADMIN).post("/admin/clients/" + id + "/secret").then().statusCode(200);
            String third = given().header("Authorization", ADMIN).post("/admin/clients/" + id + "/secret")
                    .then().statusCode(200).extract().path("client_secret");
            assertFalse(authenticate(id, "client_secret_basic", first).getAuthenticated());
            assertTrue(authenticate(id, "client_secret_basic", third).getAuthenticated());
        }
    }

    /** RFC 6749 §2.1: public clients identify themselves without credentials. */
    @Nested
    class PublicClients {
        @Test
        void whenPublicClientPresentsNoneThenAuthenticated() {
            String id = AdminClients.uniqueId("grpc-pub");
            AdminClients.createPublic(id);
            assertTrue(authenticate(id, "none", "").getAuthenticated());
        }

        @Test
        void whenConfidentialClientPresentsNoneThenInvalidClient() {
            String id = AdminClients.uniqueId("grpc-conf-none");
            AdminClients.createConfidential(id);
            assertFalse(authenticate(id, "none", "").getAuthenticated());
        }
    }

    /** RFC 6749 §3.1.2.3: exact match of the redirect URI. */
    @Nested
    class ValidateRedirectUri {
        @Test
        void whenUriIsRegisteredThenValidAndAnyVariationIsNot() {
            String id = AdminClients.uniqueId("grpc-redirect");
            AdminClients.createPublic(id);
            assertTrue(valid(id, "http://127.0.0.1/cb"));
            assertFalse(valid(id, "http://127.0.0.1/cb/"));
            assertFalse(valid(id, "http://127.0.0.1/cb?x=1"));
            assertFalse(valid(id, "HTTP://127.0.0.1/cb"));
            assertFalse(valid(AdminClients.uniqueId("unknown"), "http://127.0.0.1/cb"));
        }

        private boolean valid(String id, String uri) {
            return registry.validateRedirectUri(ValidateRedirectUriRequest.newBuilder().setClientId(id)
                    .setRedirectUri(uri).build()).await().atMost(WAIT).getValid();
        }
    }

    /** DESIGN "Operations": authentication outcomes are counted by method, without client ids. */
    @Nested
    class Metrics {
        @Test
        void whenClientsAuthenticateThenOutcomesAreCountedByMethod() {
            String id = AdminClients.uniqueId("grpc-metrics");
            String secret = AdminClients.createConfidential(id);
            authenticate(id, "client_secret_basic", secret);
            authenticate(id, "client_secret_basic", "wrong");
            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            assertTrue(metrics.contains(
                    "portcullis_client_authentications_total{method=\"client_secret_basic\",outcome=\"authenticated\"}"));
            assertTrue(metrics.contains(
                    "portcullis_client_authentications_total{method=\"client_secret_basic\",outcome=\"refused\"}"));
            assertTrue(metrics.contains("portcullis_client_changes_total{change=\"created\"}"));
            assertFalse(metrics.contains(id));
        }
    }
}
