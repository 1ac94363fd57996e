package dev.portcullis.revocation.measure;

import dev.portcullis.proto.introspection.v1.IntrospectRequest;
import dev.portcullis.proto.introspection.v1.IntrospectResponse;
import dev.portcullis.proto.introspection.v1.TokenIntrospectionGrpc;
import dev.portcullis.testing.ServiceProcess;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local micro-measurement of unary {@code TokenIntrospection/Introspect}, shaped like the
 * benchmark's {@code grpc_unary16}: a {@code can_introspect} client authenticating with
 * {@code authorization: Basic} metadata on every call, 16 calls in flight over 2 HTTP/2
 * connections, round-robin over 64 JWT access tokens from the real token-service (so, after the
 * first pass, answers come from the verified-token cache).
 *
 * <p>It starts client-registry-service and token-service from their jars as the tests do, and
 * revocation-service from {@code -Dapp=<quarkus-app dir>} (default this module's
 * {@code target/quarkus-app}) with the same command line as {@code ServiceProcess}, so two
 * builds can be compared in the same conditions. It prints, per round, calls per second and the
 * CPU milliseconds revocation-service spent per call (user + system time from
 * {@code /proc/<pid>/stat}), and, right after readiness, the latency of a first call (the caller
 * is authenticated, the token unknown) and then of the first JWT (which needs the signing keys).
 * The load generator runs on the same machine: compare numbers only against runs made the same
 * way, at about the same load (printed).
 *
 * <p>{@code -DjvmArgs="..."} adds JVM options to revocation-service (for instance
 * {@code -XX:StartFlightRecording=...} to profile it). Run with
 * {@code revocation-service/measure-unary-introspection.sh}. Not a test: nothing is
 * asserted about time.
 */
public final class UnaryIntrospectionMeasurement {
    private static final String ADMIN = "Bearer test-admin-token";
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final long CLOCK_TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private UnaryIntrospectionMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        Path app = Path.of(System.getProperty("app", "target/quarkus-app"));
        int warmup = Integer.getInteger("warmup", 60_000);
        int calls = Integer.getInteger("calls", 50_000);
        int rounds = Integer.getInteger("rounds", 3);
        int inFlight = Integer.getInteger("inflight", 16);
        int connections = Integer.getInteger("connections", 2);
        int tokenCount = Integer.getInteger("tokens", 64);

        ServiceProcess registry = ServiceProcess.start("client-registry-service", Map.of());
        ServiceProcess token = ServiceProcess.start("token-service", Map.of(
                "quarkus.grpc.clients.client-registry.host", "127.0.0.1",
                "quarkus.grpc.clients.client-registry.port", String.valueOf(registry.port())));
        Process revocation = null;
        List<ManagedChannel> channels = new ArrayList<>();
        try {
            int port = dev.portcullis.testing.ServiceProcess.freePort();
            revocation = startRevocation(app, port, registry.port(), token.url());
            long startedAt = System.nanoTime();
            awaitReady(port, revocation);
            double readyMillis = (System.nanoTime() - startedAt) / 1e6;

            String[] resourceServer = client(registry, true);
            String[] machine = client(registry, false);
            List<IntrospectRequest> requests = new ArrayList<>();
            for (int i = 0; i < tokenCount; i++) {
                requests.add(IntrospectRequest.newBuilder().setToken(accessToken(token, machine)).build());
            }
            Metadata headers = new Metadata();
            headers.put(AUTHORIZATION, basic(resourceServer));
            List<TokenIntrospectionGrpc.TokenIntrospectionStub> stubs = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
                channels.add(ch);
                stubs.add(TokenIntrospectionGrpc.newStub(ch)
                        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers)));
            }

            TokenIntrospectionGrpc.TokenIntrospectionBlockingStub blocking = TokenIntrospectionGrpc
                    .newBlockingStub(channels.get(0))
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .withDeadlineAfter(60, TimeUnit.SECONDS);
            long first = System.nanoTime();
            blocking.introspect(IntrospectRequest.newBuilder().setToken("unknown").build());
            double firstMillis = (System.nanoTime() - first) / 1e6;
            long firstJwt = System.nanoTime();
            IntrospectResponse r = blocking.introspect(requests.get(0));
            double firstJwtMillis = (System.nanoTime() - firstJwt) / 1e6;
            if (!r.getActive()) {
                throw new IllegalStateException("the first token is not active");
            }

            System.out.printf("revocation-service %s, pid %d; ready after %.0f ms; after readiness: first call"
                    + " (caller authenticated, unknown token) %.1f ms, then first JWT %.1f ms%n",
                    app.toAbsolutePath().normalize(), revocation.pid(), readyMillis, firstMillis, firstJwtMillis);
            drive(stubs, requests, warmup, inFlight);
            System.out.printf("warm-up: %d calls%n", warmup);
            for (int round = 1; round <= rounds; round++) {
                String loadBefore = loadAverage();
                long cpuBefore = cpuTicks(revocation.pid());
                long t0 = System.nanoTime();
                drive(stubs, requests, calls, inFlight);
                long wall = System.nanoTime() - t0;
                long cpu = cpuTicks(revocation.pid()) - cpuBefore;
                double cpuMillisPerCall = cpu * 1000.0 / CLOCK_TICKS_PER_SECOND / calls;
                System.out.printf("round %d: %d calls, %d in flight over %d connections: %.0f calls/s,"
                        + " %.4f ms CPU per call (revocation-service); load average before: %s%n",
                        round, calls, inFlight, connections, calls / (wall / 1e9), cpuMillisPerCall, loadBefore);
            }
            System.out.println("at " + Instant.now());
        } finally {
            for (ManagedChannel ch : channels) {
                ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            if (revocation != null) {
                revocation.destroy();
                if (!revocation.waitFor(30, TimeUnit.SECONDS)) {
                    revocation.destroyForcibly();
                }
            }
            token.close();
            registry.close();
        }
    }

    /** {@code calls} unary calls, at most {@code inFlight} outstanding, spread over the stubs. */
    private static void drive(List<TokenIntrospectionGrpc.TokenIntrospectionStub> stubs,
            List<IntrospectRequest> requests, int calls, int inFlight) throws InterruptedException {
        Semaphore slots = new Semaphore(inFlight);
        AtomicLong failures = new AtomicLong();
        for (int i = 0; i < calls; i++) {
            slots.acquire();
            stubs.get(i % stubs.size()).introspect(requests.get(i % requests.size()),
                    new StreamObserver<>() {
                        @Override
                        public void onNext(IntrospectResponse value) {
                            if (!value.getActive()) {
                                failures.incrementAndGet();
                            }
                        }

                        @Override
                        public void onError(Throwable t) {
                            failures.incrementAndGet();
                            slots.release();
                        }

                        @Override
                        public void onCompleted() {
                            slots.release();
                        }
                    });
        }
        slots.acquire(inFlight);
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " calls failed or answered inactive");
        }
    }

    private static Process startRevocation(Path app, int port, int registryPort, String tokenUrl) throws IOException {
        Path log = Path.of("target/service-logs/revocation-service-measure-" + port + ".log");
        Files.createDirectories(log.getParent());
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String jvmArgs = System.getProperty("jvmArgs", "").trim();
        if (!jvmArgs.isEmpty()) {
            cmd.addAll(List.of(jvmArgs.split("\\s+")));
        }
        cmd.addAll(List.of(
                "-Dquarkus.profile=test",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.grpc.clients.client-registry.host=127.0.0.1",
                "-Dquarkus.grpc.clients.client-registry.port=" + registryPort,
                "-Dportcullis.jwks-url=" + tokenUrl + "/jwks",
                "-jar", app.resolve("quarkus-run.jar").toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void awaitReady(int port, Process p) throws InterruptedException {
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && p.isAlive()) {
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("revocation-service did not become ready");
    }

    private static String[] client(ServiceProcess registry, boolean canIntrospect) throws Exception {
        String id = (canIntrospect ? "measure-rs-" : "measure-machine-") + UUID.randomUUID();
        String body = """
                {"client_id":"%s","grant_types":["client_credentials"],
                 "token_endpoint_auth_method":"client_secret_basic","scope":"api","can_introspect":%s}"""
                .formatted(id, canIntrospect);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(registry.url() + "/admin/clients"))
                .header("Authorization", ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new String[] {id, member(r, "client_secret")};
    }

    private static String accessToken(ServiceProcess token, String[] client) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(token.url() + "/token"))
                .header("Authorization", basic(client)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=api")).build(),
                HttpResponse.BodyHandlers.ofString());
        return member(r, "access_token");
    }

    private static String member(HttpResponse<String> r, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
        if (r.statusCode() / 100 != 2 || !m.find()) {
            throw new IllegalStateException("unexpected answer " + r.statusCode() + " (no " + name + ")");
        }
        return m.group(1);
    }

    private static String basic(String[] client) {
        return "Basic " + Base64.getEncoder().encodeToString((client[0] + ":" + client[1]).getBytes(StandardCharsets.UTF_8));
    }

    /** utime + stime of a process, in clock ticks (proc(5), fields 14 and 15). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static String loadAverage() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }
}
