package dev.portcullis.acceptance.client;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The relying party's redirection endpoint (RFC 6749 §3.1.2): a tiny local HTTP server that
 * answers every request on {@code /cb} with a plain page, so the browser lands somewhere real
 * and the test reads the authorization response from the browser's address bar. One per JVM.
 */
public final class RedirectCatcher {
    private static RedirectCatcher instance;

    private final URI redirectUri;

    private RedirectCatcher(URI redirectUri) {
        this.redirectUri = redirectUri;
    }

    public static synchronized RedirectCatcher get() {
        if (instance == null) {
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
                server.createContext("/", exchange -> {
                    byte[] body = "<!doctype html><title>Relying party</title><h1>Back at the relying party</h1>"
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                });
                server.setExecutor(null);
                server.start();
                instance = new RedirectCatcher(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/cb"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    /** {@code http://127.0.0.1:<port>/cb}: register it as the client's redirect URI. */
    public URI redirectUri() {
        return redirectUri;
    }
}
