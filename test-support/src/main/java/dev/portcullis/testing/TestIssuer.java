package dev.portcullis.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/**
 * An issuer for the tests of a module that comes before token-service in the build, so cannot
 * start it: one EC P-256 key, its JWK Set served over HTTP on a free loopback port, and RFC 9068
 * access tokens ({@code typ: at+jwt}) signed with it. A service under test verifies them with the
 * shared verifier exactly as it verifies token-service's, only against this key set
 * ({@code portcullis.jwks-url}, set by {@link TestIssuerResource}). One per test JVM.
 */
public final class TestIssuer {
    /** The issuer every service uses in the {@code test} profile. */
    public static final String ISSUER = "http://localhost:8080";
    /** The audience of admin access tokens: {@code <issuer>/admin}. */
    public static final String ADMIN_AUDIENCE = ISSUER + "/admin";
    /** Every admin scope. */
    public static final String ALL_ADMIN_SCOPES = "admin:read admin:clients admin:users admin:keys";
    private static final long LIFETIME_SECONDS = 600;
    private static TestIssuer instance;

    private final EllipticCurveJsonWebKey key;
    private final HttpServer server;

    private TestIssuer() {
        try {
            key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
            key.setKeyId("test-issuer-" + UUID.randomUUID());
            key.setAlgorithm(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
            key.setUse("sig");
            byte[] jwks = new JsonWebKeySet(List.<JsonWebKey>of(key))
                    .toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY).getBytes(StandardCharsets.UTF_8);
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/jwks", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(jwks);
                }
            });
            server.start();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The issuer of this JVM, started at the first call. */
    public static synchronized TestIssuer get() {
        if (instance == null) {
            instance = new TestIssuer();
        }
        return instance;
    }

    /** {@code http://127.0.0.1:<port>/jwks}. */
    public String jwksUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
    }

    /** An access token for {@code audience} with {@code scope}, for the person or client {@code subject}. */
    public String accessToken(String subject, String clientId, String audience, String scope) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setSubject(subject);
        claims.setAudience(audience);
        claims.setClaim("client_id", clientId);
        claims.setClaim("scope", scope);
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(LIFETIME_SECONDS / 60f);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        jws.setHeader("typ", "at+jwt");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An admin access token of the client {@code test-admin-client} with {@code scope}. */
    public String adminToken(String scope) {
        return accessToken("test-admin-client", "test-admin-client", ADMIN_AUDIENCE, scope);
    }

    /** {@code Bearer <admin token>} with {@code scope}, for an {@code Authorization} header. */
    public static String adminBearer(String scope) {
        return "Bearer " + get().adminToken(scope);
    }

    /** {@code Bearer <admin token>} with every admin scope. */
    public static String adminBearer() {
        return adminBearer(ALL_ADMIN_SCOPES);
    }
}
