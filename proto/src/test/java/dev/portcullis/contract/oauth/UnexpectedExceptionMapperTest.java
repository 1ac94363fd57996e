package dev.portcullis.contract.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.ConnectionPoolTooBusyException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What a caller sees when something other than its request went wrong (DESIGN "Invariants": never
 * a stack trace; RFC 6749 §5.2 JSON).
 */
@DisplayName("Unexpected failures: server_error, or temporarily_unavailable when a store is out of reach")
class UnexpectedExceptionMapperTest {
    private final UnexpectedExceptionMapper mapper = new UnexpectedExceptionMapper();

    @Test
    void whenTheRedisPoolIsSaturatedThen503TemporarilyUnavailableWithRetryAfter() {
        Response r = mapper.toResponse(new CompletionException(
                new ConnectionPoolTooBusyException("Connection pool reached max wait queue size of 24")));
        assertEquals(503, r.getStatus());
        assertEquals("1", r.getHeaderString(HttpHeaders.RETRY_AFTER));
        assertEquals("no-store", r.getHeaderString(HttpHeaders.CACHE_CONTROL));
        OAuthErrorBody body = (OAuthErrorBody) r.getEntity();
        assertEquals("temporarily_unavailable", body.error());
        assertFalse(body.errorDescription().contains("pool"), "no internals: " + body.errorDescription());
    }

    @Test
    void whenADatabaseRefusesConnectionsThen503() {
        Response r = mapper.toResponse(new IllegalStateException("query failed", new ConnectException("Connection refused: 127.0.0.1/127.0.0.1:5432")));
        assertEquals(503, r.getStatus());
        assertFalse(((OAuthErrorBody) r.getEntity()).errorDescription().contains("5432"));
    }

    @Test
    void whenAStoreConnectionIsResetMidCommandThen503() {
        // A Redis primary that crashes while a command is in flight (a failover starting).
        Response r = mapper.toResponse(new java.net.SocketException("Connection reset"));
        assertEquals(503, r.getStatus());
    }

    @Test
    void whenAnythingElseFailsThen500ServerErrorWithAReferenceAndNoInternals() {
        Response r = mapper.toResponse(new IllegalStateException("secret internal detail"));
        assertEquals(500, r.getStatus());
        assertNull(r.getHeaderString(HttpHeaders.RETRY_AFTER));
        OAuthErrorBody body = (OAuthErrorBody) r.getEntity();
        assertEquals("server_error", body.error());
        assertTrue(body.errorDescription().contains("reference "), body.errorDescription());
        assertFalse(body.errorDescription().contains("secret internal detail"));
    }

    @Test
    void whenJaxRsRaises401ThenTheAnswerStillNamesAScheme() {
        Response r = mapper.toResponse(new jakarta.ws.rs.NotAuthorizedException(Response.status(401).build()));
        assertEquals(401, r.getStatus());
        assertEquals("Bearer", r.getHeaderString(HttpHeaders.WWW_AUTHENTICATE));
        assertEquals("invalid_request", ((OAuthErrorBody) r.getEntity()).error());
    }
}
