package dev.portcullis.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portcullis.contract.oauth.ClientAuthMethod;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthException;
import dev.portcullis.proto.client.v1.Client;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Client authentication at the token, revocation and introspection endpoints (RFC 6749 §2.3, RFC 7523 §3). */
class ClientAuthenticationTest {
    private static final List<String> AUDIENCES = List.of("http://localhost:8080/token");

    private final AtomicBoolean listening = new AtomicBoolean(true);
    private final ClientCache cache = new ClientCache(listening::get, Duration.ofMinutes(5), 100, System::currentTimeMillis);
    private final Client confidential = FakeRegistry.client("confidential", "client_secret_basic");
    private final Client publicClient = FakeRegistry.client("public", "none");
    private final Client assertionClient = FakeRegistry.client("signed", "private_key_jwt");
    private final FakeRegistry registry = new FakeRegistry().with(confidential, "s3cret").with(publicClient, null)
            .with(assertionClient, null).with(FakeRegistry.client("disabled", "client_secret_basic").toBuilder()
                    .setEnabled(false).build(), "s3cret");
    private final ClientAuthentication authentication =
            new ClientAuthentication(registry, cache, new ClientDirectory(registry, cache, null));

    private Client authenticate(ClientCredentials credentials) {
        return authentication.authenticate(credentials, AUDIENCES).await().indefinitely();
    }

    private static ClientCredentials basic(String id, String secret) {
        return new ClientCredentials(id, ClientAuthMethod.CLIENT_SECRET_BASIC, secret, null);
    }

    private static OAuthException refusal(Runnable call) {
        return assertThrows(OAuthException.class, call::run);
    }

    @Nested
    class Rfc6749Section2_3_1ClientPassword {

        @Test
        void whenTheSecretIsRightThenTheClientAndASecondTimeWithoutAskingTheRegistry() {
            assertEquals(confidential, authenticate(basic("confidential", "s3cret")));
            assertEquals(confidential, authenticate(basic("confidential", "s3cret")));
            assertEquals(1, registry.authenticateCalls.get());
        }

        @Test
        void whenAnotherSecretFollowsAnAcceptedOneThenTheRegistryDecidesAndRefuses() {
            authenticate(basic("confidential", "s3cret"));
            OAuthException e = refusal(() -> authenticate(basic("confidential", "guess")));
            assertEquals(OAuthError.INVALID_CLIENT, e.error());
            assertEquals(2, registry.authenticateCalls.get());
        }

        @Test
        void whenTheSecretWasAcceptedForBasicThenPostIsStillCheckedByTheRegistry() {
            authenticate(basic("confidential", "s3cret"));
            ClientCredentials post = new ClientCredentials("confidential", ClientAuthMethod.CLIENT_SECRET_POST, "s3cret", null);
            assertEquals(OAuthError.INVALID_CLIENT, refusal(() -> authenticate(post)).error());
        }

        @Test
        void whenTheClientChangedThenItsAcceptedSecretIsForgotten() {
            authenticate(basic("confidential", "s3cret"));
            cache.drop("confidential");
            authenticate(basic("confidential", "s3cret"));
            assertEquals(2, registry.authenticateCalls.get());
        }

        @Test
        void whenTheClientIsDisabledThenInvalidClient() {
            assertEquals(OAuthError.INVALID_CLIENT, refusal(() -> authenticate(basic("disabled", "s3cret"))).error());
        }

        @Test
        void whenTheBasicHeaderWasUsedThenTheRefusalIsInvalidClient() {
            // The challenge comes from the error value (OAuthExceptionMapper), whatever the method.
            assertEquals(OAuthError.INVALID_CLIENT, refusal(() -> authenticate(basic("confidential", "guess"))).error());
        }

        @Test
        void whenTheRegistryIsUnreachableThenTemporarilyUnavailable() {
            registry.down = true;
            assertEquals(OAuthError.TEMPORARILY_UNAVAILABLE, refusal(() -> authenticate(basic("confidential", "s3cret"))).error());
        }
    }

    @Nested
    class Rfc7523Section3ClientAssertion {

        @Test
        void whenTheSameAssertionComesTwiceThenTheRegistryChecksBothTimes() {
            ClientCredentials jwt = new ClientCredentials("signed", ClientAuthMethod.PRIVATE_KEY_JWT, null, "valid-assertion");
            authenticate(jwt);
            authenticate(jwt);
            assertEquals(2, registry.authenticateCalls.get());
        }
    }

    @Nested
    class Rfc6749Section2_1PublicClients {

        @Test
        void whenAPublicClientNamesItselfThenTheClient() {
            assertEquals(publicClient, authenticate(new ClientCredentials("public", ClientAuthMethod.NONE, null, null)));
        }

        @Test
        void whenAConfidentialClientPresentsNoCredentialsThenInvalidClient() {
            ClientCredentials none = new ClientCredentials("confidential", ClientAuthMethod.NONE, null, null);
            assertEquals(OAuthError.INVALID_CLIENT, refusal(() -> authenticate(none)).error());
        }

        @Test
        void whenTheClientIsUnknownThenInvalidClient() {
            ClientCredentials none = new ClientCredentials("nobody", ClientAuthMethod.NONE, null, null);
            assertEquals(OAuthError.INVALID_CLIENT, refusal(() -> authenticate(none)).error());
        }
    }
}
