package dev.portcullis.acceptance.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import java.util.Set;

/** What every error a client can cause must look like on the wire (RFC 6749 §5.2). */
public final class StandardErrors {
    /** The members §5.2 defines; anything else (a stack trace, an exception name) must not appear. */
    private static final Set<String> MEMBERS = Set.of("error", "error_description", "error_uri");

    private StandardErrors() {
    }

    /**
     * Asserts a §5.2 error: the status, a JSON body with {@code error} = {@code code} and only §5.2
     * members, {@code Cache-Control: no-store}; returns the error as Nimbus parsed it.
     */
    public static ErrorObject assertTokenError(HTTPResponse response, int status, String code) {
        assertEquals(status, response.getStatusCode(), () -> "status for " + code + ", body " + response.getBody());
        String contentType = response.getHeaderValue("Content-Type");
        assertNotNull(contentType, "Content-Type");
        assertTrue(contentType.startsWith("application/json"), contentType);
        assertEquals("no-store", response.getHeaderValue("Cache-Control"));
        ErrorObject error;
        try {
            error = TokenErrorResponse.parse(response).getErrorObject();
            assertTrue(MEMBERS.containsAll(response.getBodyAsJSONObject().keySet()),
                    () -> "members beyond RFC 6749 §5.2: " + response.getBody());
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw new AssertionError("Not an RFC 6749 §5.2 error body: " + response.getBody(), e);
        }
        assertEquals(code, error.getCode());
        return error;
    }
}
