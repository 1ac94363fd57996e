package dev.portcullis.contract.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.proto.client.v1.Client;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ClientAuthMethodTest {
    @Nested
    class Rfc7591Section2TokenEndpointAuthMethod {
        @Test
        void whenListedThenTheNamesAreTheRegisteredOnesInOrder() {
            assertEquals(List.of("client_secret_basic", "client_secret_post", "private_key_jwt", "none"),
                    Arrays.stream(ClientAuthMethod.values()).map(ClientAuthMethod::value).toList());
        }

        @ParameterizedTest
        @EnumSource(ClientAuthMethod.class)
        void whenANameIsReadBackThenItIsTheSameMethod(ClientAuthMethod method) {
            assertEquals(Optional.of(method), ClientAuthMethod.fromValue(method.value()));
        }

        @Test
        void whenTheNameIsUnknownOrOfAnotherCaseThenEmpty() {
            assertEquals(Optional.empty(), ClientAuthMethod.fromValue("client_secret_jwt"));
            assertEquals(Optional.empty(), ClientAuthMethod.fromValue("NONE"));
            assertEquals(Optional.empty(), ClientAuthMethod.fromValue(null));
        }

        @Test
        void whenTheMethodPresentsASecretThenUsesSecret() {
            assertTrue(ClientAuthMethod.CLIENT_SECRET_BASIC.usesSecret());
            assertTrue(ClientAuthMethod.CLIENT_SECRET_POST.usesSecret());
            assertFalse(ClientAuthMethod.PRIVATE_KEY_JWT.usesSecret());
            assertFalse(ClientAuthMethod.NONE.usesSecret());
        }

        @Test
        void whenAClientIsRegisteredWithNoneThenOnlyNoneIsRegisteredForIt() {
            Client publicClient = Client.newBuilder().setTokenEndpointAuthMethod("none").build();
            assertTrue(ClientAuthMethod.NONE.isRegisteredFor(publicClient));
            assertFalse(ClientAuthMethod.CLIENT_SECRET_BASIC.isRegisteredFor(publicClient));
        }
    }
}
