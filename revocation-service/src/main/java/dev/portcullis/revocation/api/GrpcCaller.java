package dev.portcullis.revocation.api;

import dev.portcullis.clients.ClientCredentials;
import dev.portcullis.proto.client.v1.Client;
import dev.portcullis.revocation.token.DigestKey;

/**
 * Who makes a gRPC call, as {@link ClientCredentialsInterceptor} found out from its metadata.
 *
 * @param credentialKey SHA-256 of the {@code authorization} metadata value
 * @param credentials the credentials read from it, or null when {@code accepted} is known
 * @param accepted the client this very credential was already accepted as (RFC 7662 §2.1), or
 *        null when it still has to be checked
 */
record GrpcCaller(DigestKey credentialKey, ClientCredentials credentials, Client accepted) {
}
