package dev.portcullis.rules.accesstoken;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/**
 * Test fixture: a JSON Web Key Set document served over real HTTP (the JDK's server), holding
 * real RSA and EC keys generated for the test, published and withdrawn as token-service does in a
 * rotation, with the tokens they sign. It counts the fetches and can hold them (a gate) so a test
 * can see which callers share one fetch.
 */
final class JwksDocument implements AutoCloseable {
    static final String ISSUER = "http://localhost:8080";

    private final HttpServer server;
    private final List<PublicJsonWebKey> published = new CopyOnWriteArrayList<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicReference<CountDownLatch> gate = new AtomicReference<>();
    private volatile boolean closed;

    JwksDocument() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/jwks", exchange -> {
            fetches.incrementAndGet();
            CountDownLatch g = gate.get();
            if (g != null) {
                try {
                    g.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            List<JsonWebKey> keys = new ArrayList<>(published);
            byte[] body = new JsonWebKeySet(keys).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
    }

    /** A new RSA key ({@code RS256}), not yet published. */
    static PublicJsonWebKey rsaKey() {
        try {
            PublicJsonWebKey k = RsaJwkGenerator.generateJwk(2048);
            k.setKeyId("rsa-" + UUID.randomUUID());
            k.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            k.setUse("sig");
            return k;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new EC P-256 key ({@code ES256}), not yet published. */
    static PublicJsonWebKey ecKey() {
        try {
            PublicJsonWebKey k = EcJwkGenerator.generateJwk(EllipticCurves.P256);
            k.setKeyId("ec-" + UUID.randomUUID());
            k.setAlgorithm(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
            return k;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    PublicJsonWebKey publish(PublicJsonWebKey key) {
        published.add(key);
        return key;
    }

    void withdraw(PublicJsonWebKey key) {
        published.remove(key);
    }

    int fetches() {
        return fetches.get();
    }

    /** From now on every fetch waits until {@link #open()}. */
    void hold() {
        gate.set(new CountDownLatch(1));
    }

    void open() {
        CountDownLatch g = gate.getAndSet(null);
        if (g != null) {
            g.countDown();
        }
    }

    @Override
    public void close() {
        open();
        if (!closed) {
            closed = true;
            server.stop(0);
        }
    }

    /** RFC 9068 §2.2 claims as token-service writes them, valid for five minutes from {@code now}. */
    static JwtClaims claims(long now) {
        JwtClaims c = new JwtClaims();
        c.setIssuer(ISSUER);
        c.setSubject("user-" + UUID.randomUUID());
        c.setAudience("https://api.example.com");
        c.setClaim("client_id", "client-" + UUID.randomUUID());
        c.setClaim("scope", "openid api");
        c.setJwtId(UUID.randomUUID().toString());
        c.setIssuedAt(NumericDate.fromSeconds(now));
        c.setNotBefore(NumericDate.fromSeconds(now));
        c.setExpirationTime(NumericDate.fromSeconds(now + 300));
        return c;
    }

    static JwtClaims claims() {
        return claims(Instant.now().getEpochSecond());
    }

    /** The claims signed by {@code key} with its own algorithm, {@code typ: at+jwt}. */
    static String sign(PublicJsonWebKey key, JwtClaims claims) {
        return sign(key, claims, "at+jwt", key.getAlgorithm());
    }

    static String sign(PublicJsonWebKey key, JwtClaims claims, String typ, String alg) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setKey(key.getPrivateKey());
            jws.setKeyIdHeaderValue(key.getKeyId());
            if (typ != null) {
                jws.setHeader("typ", typ);
            }
            jws.setAlgorithmHeaderValue(alg);
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
