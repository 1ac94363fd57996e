package dev.portcullis.token.issue;

import dev.portcullis.contract.TokenShape;
import dev.portcullis.contract.oauth.GrantType;
import dev.portcullis.contract.oauth.Scope;
import dev.portcullis.proto.client.v1.Client;
import java.util.List;
import java.util.Objects;

/**
 * One grant as the issuers see it, built once by the grant and handed unchanged to the access
 * token, ID token and refresh token issuers (the role of Spring Authorization Server's
 * {@code OAuth2TokenContext}): who the tokens are for, what is granted, and by which grant.
 * Each issuer reads the components it needs; none reshapes the grant for the next.
 *
 * <p>Absent values are empty strings and lists, never null, so they go into protobuf records
 * as they are.
 *
 * @param grant the grant issuing the tokens ({@code implicit} for gRPC {@code TokenIssuer})
 * @param client the client the tokens are issued to
 * @param subject the resource owner, or the client id for client_credentials (RFC 9068 §2.2)
 * @param authTime epoch seconds of the user's authentication (OIDC Core §2 {@code auth_time}), 0 when there is none
 * @param acr the Authentication Context Class Reference satisfied (OIDC Core §2), empty when unknown
 * @param amr the authentication methods used (OIDC Core §2, RFC 8176), empty when unknown
 * @param sessionId the browser session, the ID token's {@code sid} (OIDC Front-Channel Logout §3), empty when none
 * @param nonce the authorization request's {@code nonce} (OIDC Core §3.1.2.1), empty when none
 * @param scope the granted scope (RFC 6749 §3.3)
 * @param audience the access token's {@code aud} (RFC 9068 §3, RFC 8707 §2)
 * @param resources the RFC 8707 resources granted, which refresh tokens remember
 * @param claimsJson the user's claims released for {@code scope} (OIDC Core §5.4) as one JSON
 *     object, as the grant carried them; empty when it carried none (see {@link ReleasedClaims})
 * @param refreshFamilyId the refresh token family the tokens belong to: a new one when the grant
 *     starts a family, the presented token's on refresh; empty when there is none
 */
public record IssuanceContext(GrantType grant, Client client, String subject, long authTime, String acr,
        List<String> amr, String sessionId, String nonce, Scope scope, List<String> audience, List<String> resources,
        String claimsJson, String refreshFamilyId) {

    public IssuanceContext {
        Objects.requireNonNull(grant, "grant");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(subject, "subject");
        acr = orEmpty(acr);
        amr = amr == null ? List.of() : amr;
        sessionId = orEmpty(sessionId);
        nonce = orEmpty(nonce);
        scope = scope == null ? Scope.EMPTY : scope;
        audience = audience == null ? List.of() : audience;
        resources = resources == null ? List.of() : resources;
        claimsJson = orEmpty(claimsJson);
        refreshFamilyId = orEmpty(refreshFamilyId);
    }

    /** RFC 6749 §4.4: the client acts for itself; no user, no ID token, no refresh token (§4.4.3). */
    public static IssuanceContext forClient(Client client, Scope scope, List<String> audience) {
        return new IssuanceContext(GrantType.CLIENT_CREDENTIALS, client, client.getClientId(), 0, "", List.of(), "", "",
                scope, audience, List.of(), "", "");
    }

    /** A grant made by the user {@code subject} to {@code client}; the rest is set on the builder. */
    public static Builder forUser(GrantType grant, Client client, String subject) {
        return new Builder(grant, client, subject);
    }

    /** Whether the tokens belong to a refresh token family (RFC 6749 §6). */
    public boolean hasRefreshFamily() {
        return !refreshFamilyId.isEmpty();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Builds the context of a user grant; unset components are absent. */
    public static final class Builder {
        private final GrantType grant;
        private final Client client;
        private final String subject;
        private long authTime;
        private String acr;
        private List<String> amr;
        private String sessionId;
        private String nonce;
        private Scope scope;
        private List<String> audience;
        private List<String> resources;
        private String claimsJson;
        private String refreshFamilyId;

        private Builder(GrantType grant, Client client, String subject) {
            this.grant = grant;
            this.client = client;
            this.subject = subject;
        }

        /** How and when the user authenticated (OIDC Core §2 {@code auth_time}, {@code acr}, {@code amr}). */
        public Builder authentication(long authTime, String acr, List<String> amr) {
            this.authTime = authTime;
            this.acr = acr;
            this.amr = amr;
            return this;
        }

        public Builder sessionId(String sessionId) {
            this.sessionId = sessionId;
            return this;
        }

        public Builder nonce(String nonce) {
            this.nonce = nonce;
            return this;
        }

        public Builder scope(Scope scope) {
            this.scope = scope;
            return this;
        }

        /** The access token's {@code aud} and the RFC 8707 resources it was derived from. */
        public Builder audience(List<String> audience, List<String> resources) {
            this.audience = audience;
            this.resources = resources;
            return this;
        }

        /** The released claims as a JSON object, as the grant carried them (OIDC Core §5.4). */
        public Builder claimsJson(String claimsJson) {
            this.claimsJson = claimsJson;
            return this;
        }

        /** The existing family the tokens join (refresh). */
        public Builder refreshFamilyId(String refreshFamilyId) {
            this.refreshFamilyId = refreshFamilyId;
            return this;
        }

        /**
         * Starts a new refresh token family when the client is registered for the
         * {@code refresh_token} grant; its id is chosen now so an opaque access token can name it.
         */
        public Builder refreshFamilyIfOffered() {
            if (client.getGrantTypesList().contains(GrantType.REFRESH_TOKEN.value())) {
                this.refreshFamilyId = TokenShape.newFamilyId();
            }
            return this;
        }

        public IssuanceContext build() {
            return new IssuanceContext(grant, client, subject, authTime, acr, amr, sessionId, nonce, scope, audience,
                    resources, claimsJson, refreshFamilyId);
        }
    }
}
