package dev.portcullis.acceptance.client;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.Token;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;

/** RFC 7662 introspection and RFC 7009 revocation as the Nimbus SDK sends them. */
public final class HttpIntrospection {
    private final Provider provider;

    public HttpIntrospection(Provider provider) {
        this.provider = provider;
    }

    /** RFC 7662 §2.1, parsed strictly (§2.2); fails on an error response. */
    public TokenIntrospectionSuccessResponse introspect(ClientAuthentication caller, Token token) {
        URI endpoint = provider.metadata().getIntrospectionEndpointURI();
        if (endpoint == null) {
            throw new AssertionError("introspection_endpoint is not advertised (RFC 8414 §2)");
        }
        try {
            TokenIntrospectionResponse response = TokenIntrospectionResponse.parse(
                    new TokenIntrospectionRequest(endpoint, caller, token).toHTTPRequest().send());
            if (!response.indicatesSuccess()) {
                throw new AssertionError("introspection error: " + response.toErrorResponse().getErrorObject().toJSONObject());
            }
            return response.toSuccessResponse();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParseException e) {
            throw new AssertionError("Introspection response rejected by Nimbus: " + e.getMessage(), e);
        }
    }

    /** RFC 7009 §2.1, returning the raw answer (§2.2: 200 whether or not the token was valid). */
    public HTTPResponse revoke(ClientAuthentication owner, Token token) {
        URI endpoint = provider.metadata().getRevocationEndpointURI();
        if (endpoint == null) {
            throw new AssertionError("revocation_endpoint is not advertised (RFC 8414 §2)");
        }
        try {
            return new TokenRevocationRequest(endpoint, owner, token).toHTTPRequest().send();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
