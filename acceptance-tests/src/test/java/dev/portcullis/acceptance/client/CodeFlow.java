package dev.portcullis.acceptance.client;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.Nonce;
import dev.portcullis.acceptance.browser.AuthorizationPages;
import dev.portcullis.acceptance.browser.Browser;

/**
 * The authorization code flow with PKCE (RFC 6749 §4.1, RFC 7636, OIDC Core §3.1) as a Nimbus
 * relying party starts it and a person in a real browser completes it: the browser opens the
 * authentication request, signs in if asked, allows the consent if asked, and lands on the
 * client's redirect URI, where Nimbus parses the response.
 */
public final class CodeFlow {
    /** Login and consent take at most this many page steps before the redirect. */
    private static final int MAX_STEPS = 4;

    private final Provider provider;
    private final Browser browser;

    public CodeFlow(Provider provider, Browser browser) {
        this.provider = provider;
        this.browser = browser;
    }

    /** What the relying party keeps between the request and the token exchange. */
    public record Started(AuthenticationRequest request, CodeVerifier verifier, Nonce nonce, State state) {
    }

    /** The code the browser brought back, with what the relying party kept. */
    public record Result(AuthorizationCode code, Started started, boolean loginShown, boolean consentShown) {
        public CodeVerifier verifier() {
            return started.verifier();
        }

        public Nonce nonce() {
            return started.nonce();
        }
    }

    /** An OIDC authentication request with state, nonce and an S256 code challenge. */
    public Started request(RegisteredClient client, Scope scope) {
        CodeVerifier verifier = new CodeVerifier();
        Nonce nonce = new Nonce();
        State state = new State();
        AuthenticationRequest request = new AuthenticationRequest.Builder(ResponseType.CODE, scope, client.id(),
                client.redirectUri())
                .endpointURI(provider.metadata().getAuthorizationEndpointURI())
                .state(state)
                .nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .build();
        return new Started(request, verifier, nonce, state);
    }

    /** Runs the whole front channel for {@code client} as {@code username}. */
    public Result authorize(RegisteredClient client, Scope scope, String username, String password) {
        return complete(request(client, scope), client, username, password);
    }

    /** Opens {@code started} in the browser and completes login and consent as needed. */
    public Result complete(Started started, RegisteredClient client, String username, String password) {
        AuthorizationPages pages = new AuthorizationPages(browser);
        String redirect = client.redirectUri().toString();
        browser.go(started.request().toURI());
        boolean loginShown = false;
        boolean consentShown = false;
        for (int step = 0; step < MAX_STEPS; step++) {
            switch (pages.await(redirect)) {
                case REDIRECTED -> {
                    return new Result(parse(started), started, loginShown, consentShown);
                }
                case LOGIN -> {
                    loginShown = true;
                    pages.signIn(username, password);
                }
                case CONSENT -> {
                    consentShown = true;
                    pages.approve();
                }
                case OTHER -> throw new AssertionError("Unexpected page at " + browser.currentUri() + ":\n" + browser.text());
            }
        }
        throw new AssertionError("No redirect to " + redirect + " after login and consent; browser at "
                + browser.currentUri() + ":\n" + browser.text());
    }

    private AuthorizationCode parse(Started started) {
        try {
            AuthenticationResponse response = AuthenticationResponseParser.parse(browser.currentUri());
            if (!response.indicatesSuccess()) {
                throw new AssertionError("Authorization error: " + response.toErrorResponse().getErrorObject().toJSONObject());
            }
            if (!started.state().equals(response.getState())) {
                throw new AssertionError("state not echoed (RFC 6749 §4.1.2)");
            }
            return response.toSuccessResponse().getAuthorizationCode();
        } catch (ParseException e) {
            throw new AssertionError("Authorization response rejected by Nimbus: " + e.getMessage(), e);
        }
    }
}
