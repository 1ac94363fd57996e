package dev.portcullis.revocation;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.contract.oauth.GrpcOAuthStatus;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.proto.introspection.v1.IntrospectRequest;
import dev.portcullis.proto.introspection.v1.IntrospectResponse;
import dev.portcullis.proto.introspection.v1.TokenIntrospection;
import dev.portcullis.revocation.RegisteredClients.Registered;
import io.grpc.Metadata;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.grpc.GrpcClientUtils;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** gRPC TokenIntrospection: authentication, the same answers as HTTP, streaming order, the cache. */
@QuarkusTest
@WithTestResource(PortcullisServices.class)
class TokenIntrospectionGrpcTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    @GrpcClient("introspection")
    TokenIntrospection grpc;

    @Inject
    RedisDataSource redis;

    @Inject
    MeterRegistry meters;

    Registered resourceServer;
    Registered machine;

    @BeforeEach
    void clients() {
        resourceServer = RegisteredClients.introspector();
        machine = RegisteredClients.machine();
    }

    TokenIntrospection as(String authorization) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, authorization);
        return GrpcClientUtils.attachHeaders(grpc, headers);
    }

    IntrospectResponse introspect(Registered caller, String token) {
        return as(caller.basic()).introspect(request(token, "")).await().atMost(WAIT);
    }

    static IntrospectRequest request(String token, String requestId) {
        return IntrospectRequest.newBuilder().setToken(token).setRequestId(requestId).build();
    }

    static void assertRefused(Throwable t, Status.Code code, OAuthError error) {
        assertEquals(code, Status.fromThrowable(t).getCode());
        assertEquals(error, GrpcOAuthStatus.errorOf(t));
    }

    /** Callers authenticate with a client credential in metadata (RFC 7662 §2.1). */
    @Nested
    class CallerAuthentication {

        @Test
        void whenNoCredentialThenUnauthenticatedInvalidClient() {
            Throwable t = assertThrows(Throwable.class,
                    () -> grpc.introspect(request("whatever", "")).await().atMost(WAIT));
            assertRefused(t, Status.Code.UNAUTHENTICATED, OAuthError.INVALID_CLIENT);
        }

        @Test
        void whenSecretIsWrongThenUnauthenticatedInvalidClient() {
            Throwable t = assertThrows(Throwable.class,
                    () -> introspect(new Registered(resourceServer.id(), "wrong"), "whatever"));
            assertRefused(t, Status.Code.UNAUTHENTICATED, OAuthError.INVALID_CLIENT);
        }

        @Test
        void whenClientWithoutIntrospectionRightsAuthenticatesThenItIsAnswered() {
            assertFalse(introspect(machine, "whatever").getActive());
        }

        @Test
        void whenCallerWasAcceptedBeforeThenAWrongSecretIsStillRefused() {
            assertFalse(introspect(resourceServer, "whatever").getActive());
            assertFalse(introspect(resourceServer, "whatever").getActive());
            Throwable t = assertThrows(Throwable.class,
                    () -> introspect(new Registered(resourceServer.id(), resourceServer.secret() + "x"), "whatever"));
            assertRefused(t, Status.Code.UNAUTHENTICATED, OAuthError.INVALID_CLIENT);
        }

        @Test
        void whenCallerWasAcceptedBeforeThenACallWithoutCredentialIsStillRefused() {
            assertFalse(introspect(resourceServer, "whatever").getActive());
            Throwable t = assertThrows(Throwable.class,
                    () -> grpc.introspect(request("whatever", "")).await().atMost(WAIT));
            assertRefused(t, Status.Code.UNAUTHENTICATED, OAuthError.INVALID_CLIENT);
        }

        @Test
        void whenCanIntrospectIsWithdrawnThenOtherClientsTokensAreInactiveOnceTheChangeNoticeArrives() {
            String token = Tokens.clientCredentials(machine, "api");
            assertTrue(introspect(resourceServer, token).getActive());
            assertTrue(introspect(resourceServer, token).getActive());
            RegisteredClients.withdrawIntrospection(resourceServer);
            long deadline = System.nanoTime() + WAIT.toNanos();
            boolean active = true;
            while (active && System.nanoTime() < deadline) {
                active = introspect(resourceServer, token).getActive();
            }
            assertFalse(active);
        }

        @Test
        void whenStreamHasNoCredentialThenUnauthenticated() {
            Throwable t = assertThrows(Throwable.class, () -> grpc.introspectStream(Multi.createFrom()
                    .items(request("whatever", "1"))).collect().asList().await().atMost(WAIT));
            assertRefused(t, Status.Code.UNAUTHENTICATED, OAuthError.INVALID_CLIENT);
        }
    }

    /** RFC 7662 §2.2 answers, the same as over HTTP. */
    @Nested
    class Rfc7662Section2_2Answers {

        @Test
        void whenJwtIsActiveThenTheAnswerMatchesHttp() {
            String token = Tokens.clientCredentials(machine, "api read");
            IntrospectResponse r = introspect(resourceServer, token);
            JsonPath http = given().header("Authorization", resourceServer.basic()).formParam("token", token)
                    .post("/introspect").then().statusCode(200).extract().jsonPath();
            assertTrue(r.getActive());
            assertEquals(http.getString("scope"), r.getScope());
            assertEquals(machine.id(), r.getClientId());
            assertEquals(http.getString("sub"), r.getSub());
            assertEquals(http.getString("jti"), r.getJti());
            assertEquals(http.getString("iss"), r.getIss());
            assertEquals(http.getString("token_type"), r.getTokenType());
            assertEquals(http.getLong("exp"), r.getExp());
            assertEquals(http.getLong("iat"), r.getIat());
        }

        @Test
        void whenTokenIsUnknownThenInactiveWithNothingElse() {
            IntrospectResponse r = as(resourceServer.basic())
                    .introspect(request("unknown-token", "req-1")).await().atMost(WAIT);
            assertEquals(IntrospectResponse.newBuilder().setRequestId("req-1").build(), r);
        }
    }

    /**
     * RFC 7662 §2.2 and §4 over gRPC: a caller without {@code can_introspect} sees its own tokens
     * and those it is the audience of; any other is inactive, on the cached fast path too.
     */
    @Nested
    class Rfc7662Section2_2TokensTheCallerMayKnowAbout {

        @Test
        void whenClientIntrospectsItsOwnTokensThenActive() {
            String jwt = Tokens.clientCredentials(machine, "api");
            String refresh = Tokens.refreshFamily(redis, machine.id(), List.of(), 0).refreshToken();
            assertTrue(introspect(machine, jwt).getActive());
            assertTrue(introspect(machine, jwt).getActive());
            assertTrue(introspect(machine, refresh).getActive());
        }

        @Test
        void whenResourceServerIsTheAudienceThenActive() {
            Registered api = RegisteredClients.machine();
            String token = Tokens.clientCredentials(RegisteredClients.machineFor(api.id()), "api");
            assertTrue(introspect(api, token).getActive());
        }

        @Test
        void whenACachedTokenIsAnotherClientsThenTheAcceptedCallerGetsExactlyInactive() {
            String token = Tokens.clientCredentials(machine, "api");
            assertTrue(introspect(resourceServer, token).getActive()); // now cached
            Registered other = RegisteredClients.machine();
            for (int i = 0; i < 3; i++) { // the first call authenticates, the next ones take the fast path
                IntrospectResponse r = as(other.basic()).introspect(request(token, "q")).await().atMost(WAIT);
                assertEquals(IntrospectResponse.newBuilder().setRequestId("q").build(), r);
            }
        }

        @Test
        void whenStreamedTokensAreAnotherClientsThenInactive() {
            String mine = Tokens.clientCredentials(machine, "api");
            String theirs = Tokens.clientCredentials(RegisteredClients.machine(), "api");
            List<IntrospectResponse> answers = as(machine.basic())
                    .introspectStream(Multi.createFrom().items(request(mine, "1"), request(theirs, "2")))
                    .collect().asList().await().atMost(WAIT);
            assertTrue(answers.get(0).getActive());
            assertFalse(answers.get(1).getActive());
        }
    }

    /** IntrospectStream: one answer per request, in request order. */
    @Nested
    class Streaming {

        @Test
        void whenManyTokensAreStreamedThenOneAnswerPerRequestInOrder() {
            String jwt = Tokens.clientCredentials(machine, "api");
            String opaque = Tokens.opaque(redis, machine.id(), null, 300);
            String refresh = Tokens.refreshFamily(redis, machine.id(), List.of(), 0).refreshToken();
            List<IntrospectRequest> requests = new ArrayList<>();
            List<Boolean> expected = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                String token = switch (i % 4) {
                    case 0 -> jwt;
                    case 1 -> "unknown-" + i;
                    case 2 -> opaque;
                    default -> refresh;
                };
                requests.add(request(token, "r" + i));
                expected.add(i % 4 != 1);
            }
            List<IntrospectResponse> answers = as(resourceServer.basic())
                    .introspectStream(Multi.createFrom().iterable(requests))
                    .collect().asList().await().atMost(WAIT);
            assertEquals(requests.size(), answers.size());
            for (int i = 0; i < answers.size(); i++) {
                assertEquals("r" + i, answers.get(i).getRequestId());
                assertEquals(expected.get(i), answers.get(i).getActive(), "answer " + i);
            }
        }
    }

    /**
     * The local cache: verified once, then answered without Redis (on the unary fast path:
     * accepted caller, cached token), until revoked (RFC 7009 §2.1 "invalidated immediately").
     */
    @Nested
    class VerifiedTokenCache {

        @Test
        void whenJwtWasVerifiedThenTheNextIntrospectionIsACacheHit() {
            String token = Tokens.clientCredentials(machine, "api");
            assertTrue(introspect(resourceServer, token).getActive());
            double hits = cacheHits();
            assertTrue(introspect(resourceServer, token).getActive());
            assertEquals(hits + 1, cacheHits());
        }

        @Test
        void whenCachedTokenIsRevokedThenItIsInactiveAtOnce() {
            String token = Tokens.clientCredentials(machine, "api");
            assertTrue(introspect(resourceServer, token).getActive());
            assertTrue(introspect(resourceServer, token).getActive());
            given().header("Authorization", machine.basic()).formParam("token", token)
                    .post("/revoke").then().statusCode(200);
            assertFalse(introspect(resourceServer, token).getActive());
        }

        @Test
        void whenCachedOpaqueTokenIsRevokedThenTheUnaryAnswerIsInactiveAtOnce() {
            String token = Tokens.opaque(redis, machine.id(), null, 300);
            assertTrue(introspect(resourceServer, token).getActive());
            double hits = cacheHits();
            assertTrue(introspect(resourceServer, token).getActive());
            assertEquals(hits + 1, cacheHits());
            given().header("Authorization", machine.basic()).formParam("token", token)
                    .post("/revoke").then().statusCode(200);
            assertFalse(introspect(resourceServer, token).getActive());
        }

        private double cacheHits() {
            Counter c = meters.find("portcullis.introspection.cache").tag("result", "hit").counter();
            return c == null ? 0 : c.count();
        }
    }
}
