package dev.portcullis.authorize.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.authorize.testing.TestUsers;
import dev.portcullis.authorize.testing.WithClientRegistry;
import dev.portcullis.proto.user.v1.AuthenticateUserRequest;
import dev.portcullis.proto.user.v1.AuthenticateUserResponse;
import dev.portcullis.proto.user.v1.Claims;
import dev.portcullis.proto.user.v1.GetClaimsRequest;
import dev.portcullis.proto.user.v1.UserDirectory;
import dev.portcullis.testing.ServiceTestResource;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** gRPC UserDirectory over a real gRPC connection: the password grant's check and OIDC claims. */
@QuarkusTest
@WithTestResource(value = ServiceTestResource.class, initArgs = {
        @ResourceArg(name = "module", value = "client-registry-service"),
        @ResourceArg(name = "grpc-client", value = "client-registry"),
        @ResourceArg(name = "url-property", value = WithClientRegistry.URL_PROPERTY)})
class UserDirectoryServiceTest {
    @GrpcClient("user-directory")
    UserDirectory directory;

    AuthenticateUserResponse authenticate(String username, String password, String address) {
        return directory.authenticateUser(AuthenticateUserRequest.newBuilder().setUsername(username).setPassword(password)
                .setClientId("cli").setClientAddress(address).build()).await().atMost(Duration.ofSeconds(10));
    }

    static String address() {
        return "192.0.2." + UUID.randomUUID().hashCode() % 250 + "-" + UUID.randomUUID();
    }

    @Nested
    class AuthenticateUser {
        @Test
        void whenPasswordIsRightThenAuthenticatedWithSubject() {
            TestUsers.TestUser u = TestUsers.create();
            AuthenticateUserResponse r = authenticate(u.username(), TestUsers.PASSWORD, address());
            assertTrue(r.getAuthenticated());
            assertEquals(u.subject(), r.getSubject());
            assertTrue(r.getAuthTime() > 0);
        }

        @Test
        void whenPasswordIsWrongOrUserUnknownThenInvalidGrant() {
            TestUsers.TestUser u = TestUsers.create();
            AuthenticateUserResponse wrong = authenticate(u.username(), "wrong-password", address());
            AuthenticateUserResponse unknown = authenticate("nobody-" + UUID.randomUUID(), "wrong-password", address());
            assertFalse(wrong.getAuthenticated());
            assertEquals("invalid_grant", wrong.getError());
            assertEquals(wrong.getError(), unknown.getError());
            assertEquals(wrong.getErrorDescription(), unknown.getErrorDescription());
        }

        @Test
        void whenOneAccountIsGuessedFromOneAddressThenTooManyRequestsThereWithTheTimeLeftAndTheOwnerElsewhereSignsIn() {
            TestUsers.TestUser u = TestUsers.create();
            String guesser = address();
            for (int i = 0; i < 4; i++) {
                assertEquals("invalid_grant", authenticate(u.username(), "wrong-password", guesser).getError());
            }
            AuthenticateUserResponse throttled = authenticate(u.username(), TestUsers.PASSWORD, guesser);
            assertFalse(throttled.getAuthenticated());
            assertEquals("too_many_requests", throttled.getError());
            assertTrue(throttled.getRetryAfterSeconds() > 480 && throttled.getRetryAfterSeconds() <= 600,
                    "the test profile's 10-minute delay: " + throttled.getRetryAfterSeconds());
            assertTrue(authenticate(u.username(), TestUsers.PASSWORD, address()).getAuthenticated(), "the owner elsewhere");
        }

        @Test
        void whenAnAddressFailedForManyAccountsThenAnotherAccountThereWaitsSecondsAndOtherAddressesNotAtAll() {
            String address = address();
            for (int i = 0; i < 9; i++) {
                assertEquals("invalid_grant", authenticate("nobody-" + UUID.randomUUID(), "wrong-password", address).getError());
            }
            TestUsers.TestUser u = TestUsers.create();
            AuthenticateUserResponse r = authenticate(u.username(), TestUsers.PASSWORD, address);
            assertFalse(r.getAuthenticated());
            assertEquals("too_many_requests", r.getError());
            assertTrue(r.getRetryAfterSeconds() >= 1 && r.getRetryAfterSeconds() <= 5, "seconds: " + r.getRetryAfterSeconds());
            assertTrue(authenticate(u.username(), TestUsers.PASSWORD, address()).getAuthenticated(), "other addresses still work");
        }
    }

    @Nested
    class GetClaims {
        @Test
        void whenScopesAreOpenidAndEmailThenSubAndEmailClaimsOnly() throws Exception {
            TestUsers.TestUser u = TestUsers.create();
            Claims c = directory.getClaims(GetClaimsRequest.newBuilder().setSubject(u.subject()).addScopes("openid").addScopes("email").build())
                    .await().atMost(Duration.ofSeconds(10));
            assertTrue(c.getFound());
            JsonNode json = new ObjectMapper().readTree(c.getClaimsJson());
            assertEquals(u.subject(), json.get("sub").asText());
            assertEquals(u.username() + "@example.com", json.get("email").asText());
            assertTrue(json.get("email_verified").asBoolean());
            assertFalse(json.has("name"));
        }

        @Test
        void whenScopeIsProfileThenProfileClaims() throws Exception {
            TestUsers.TestUser u = TestUsers.create();
            Claims c = directory.getClaims(GetClaimsRequest.newBuilder().setSubject(u.subject()).addScopes("openid").addScopes("profile").build())
                    .await().atMost(Duration.ofSeconds(10));
            JsonNode json = new ObjectMapper().readTree(c.getClaimsJson());
            assertEquals("Ada Lovelace", json.get("name").asText());
            assertEquals("Ada", json.get("given_name").asText());
            assertFalse(json.has("email"));
        }

        @Test
        void whenSubjectIsUnknownThenNotFound() {
            Claims c = directory.getClaims(GetClaimsRequest.newBuilder().setSubject(UUID.randomUUID().toString()).addScopes("openid").build())
                    .await().atMost(Duration.ofSeconds(10));
            assertFalse(c.getFound());
        }
    }
}
