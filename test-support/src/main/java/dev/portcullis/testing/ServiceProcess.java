package dev.portcullis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A real service of the suite, started from its packaged jar
 * ({@code <module>/target/quarkus-app/quarkus-run.jar}) on a free port with the {@code test}
 * profile, so tests make real HTTP and gRPC calls between real services.
 *
 * <p>The reactor builds modules in order, so a module's tests can start any module listed
 * before it in the root pom. Output goes to {@code target/service-logs/<module>-<port>.log}.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final String module;
    private final int port;
    private final Process process;
    private final Path log;

    private ServiceProcess(String module, int port, Process process, Path log) {
        this.module = module;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code module} and waits until {@code /q/health/ready} answers 200.
     *
     * @param properties system properties for the service (they override its configuration)
     */
    public static ServiceProcess start(String module, Map<String, String> properties) {
        Path jar = moduleDir(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No jar at " + jar + ": build it first with `mvn -pl " + module
                    + " -am package -DskipTests`, or run the whole build with `mvn verify`.");
        }
        int port = freePort();
        Path logDir = Path.of("target/service-logs");
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path log = logDir.resolve(module + "-" + port + ".log");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Dquarkus.profile=test");
        cmd.add("-Dquarkus.http.port=" + port);
        cmd.add("-Dquarkus.http.host=127.0.0.1");
        forwardedStoreSettings(properties).forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(jar.toString());
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            ServiceProcess service = new ServiceProcess(module, port, p, log);
            service.awaitReady();
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + module, e);
        }
    }

    /**
     * The test run's own PostgreSQL and Redis settings ({@code -D%test.quarkus.datasource...},
     * {@code -D%test.quarkus.redis...} given to Maven), so a service started here uses the same
     * database and Redis as the test that starts it rather than the profile's defaults.
     * A setting the caller gives explicitly wins.
     */
    private static Map<String, String> forwardedStoreSettings(Map<String, String> explicit) {
        Map<String, String> forwarded = new TreeMap<>();
        for (String key : System.getProperties().stringPropertyNames()) {
            if ((key.startsWith("%test.quarkus.datasource.") || key.startsWith("%test.quarkus.redis."))
                    && !explicit.containsKey(key) && !explicit.containsKey(key.substring("%test.".length()))) {
                forwarded.put(key, System.getProperty(key));
            }
        }
        return forwarded;
    }

    public String module() {
        return module;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the service with SIGTERM (graceful shutdown), then SIGKILL after 30 seconds. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(module + " exited with " + process.exitValue() + " while starting:\n" + tail());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleep(250);
        }
        close();
        throw new IllegalStateException(module + " was not ready within " + READY_TIMEOUT.toSeconds() + " s:\n" + tail());
    }

    /** The last lines of the service's log, for failure messages. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    static Path moduleDir(String module) {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve(module)) && Files.isRegularFile(d.resolve("pom.xml"))) {
                return d.resolve(module);
            }
        }
        throw new IllegalStateException("Cannot find module " + module + " above " + dir);
    }

    /** A TCP port nothing listens on right now. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
