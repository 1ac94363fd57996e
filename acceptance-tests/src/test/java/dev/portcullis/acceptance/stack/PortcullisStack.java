package dev.portcullis.acceptance.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real suite behind nginx, started once per test JVM with the local runner
 * ({@code deploy/local/up.sh}) and stopped with {@code deploy/local/down.sh} when the JUnit
 * session ends ({@link StackSessionListener}, with a shutdown hook as a fallback).
 *
 * <p>Quarkus loads {@code @QuarkusTest} classes in its own class loader, so this class can exist
 * twice in one JVM; whether the stack was started is therefore kept in a system property (one per
 * JVM), and each copy reads the connection details back from {@code demo.env}.
 */
public final class PortcullisStack {
    /** JVM-wide marker: absent, {@code up}, or {@code failed}. */
    static final String STATE_PROPERTY = "portcullis.acceptance.stack";
    /** JVM-wide: why the start failed, repeated to every scenario that needs the stack. */
    private static final String FAILURE_PROPERTY = "portcullis.acceptance.stack.failure";
    private static final long UP_TIMEOUT_SECONDS = 300;
    private static final long DOWN_TIMEOUT_SECONDS = 90;

    private static PortcullisStack instance;

    private final StackSettings settings;
    private final DemoEnvironment demo;

    private PortcullisStack(StackSettings settings, DemoEnvironment demo) {
        this.settings = settings;
        this.demo = demo;
    }

    /** The running stack, started by the first caller in this JVM. */
    public static synchronized PortcullisStack get() {
        if (instance == null) {
            StackSettings settings = StackSettings.fromEnvironment();
            startOnce(settings);
            instance = new PortcullisStack(settings, DemoEnvironment.read(settings.demoEnvironmentFile()));
        }
        return instance;
    }

    public StackSettings settings() {
        return settings;
    }

    public DemoEnvironment demo() {
        return demo;
    }

    /** The issuer (RFC 8414 §2) as up.sh reports it: {@code http://localhost:<gateway port>}. */
    public String issuer() {
        return demo.issuer();
    }

    /** An absolute URL on the issuer's origin, e.g. {@code url("/token")}. */
    public String url(String path) {
        return demo.issuer() + path;
    }

    public ServiceLogs logs() {
        return new ServiceLogs(settings.logDirectory());
    }

    private static void startOnce(StackSettings settings) {
        // System properties are shared by every class loader of the JVM; lock on them too.
        synchronized (System.getProperties()) {
            String state = System.getProperty(STATE_PROPERTY);
            if ("up".equals(state)) {
                return;
            }
            if ("failed".equals(state)) {
                throw new IllegalStateException("The stack failed to start earlier in this run:\n"
                        + System.getProperty(FAILURE_PROPERTY, "(see the first failure)"));
            }
            try {
                // A run that was killed may have left services behind on the same ports.
                if (Files.isDirectory(settings.runDirectory())) {
                    run(settings, "down.sh", DOWN_TIMEOUT_SECONDS);
                }
                Files.createDirectories(settings.runDirectory());
                Result up = run(settings, "up.sh", UP_TIMEOUT_SECONDS);
                if (up.exitCode() != 0 || !Files.isRegularFile(settings.demoEnvironmentFile())) {
                    throw new IllegalStateException("deploy/local/up.sh failed (exit " + up.exitCode() + "):\n"
                            + up.tail() + "\n" + new ServiceLogs(settings.logDirectory()).tailAll(40));
                }
            } catch (RuntimeException e) {
                markFailed(e);
                throw e;
            } catch (IOException e) {
                markFailed(e);
                throw new UncheckedIOException(e);
            }
            System.setProperty(STATE_PROPERTY, "up");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(settings), "portcullis-stack-down"));
        }
    }

    private static void markFailed(Exception e) {
        System.setProperty(STATE_PROPERTY, "failed");
        String message = String.valueOf(e.getMessage());
        int firstLineEnd = message.indexOf('\n', 1);
        System.setProperty(FAILURE_PROPERTY, (firstLineEnd > 0 ? message.substring(0, firstLineEnd) : message)
                + " (details above; up.sh's output is in target/stack-up.log)");
        System.err.println("[acceptance] the stack did not start: " + message);
    }

    /** Stops the stack if this JVM started it; later calls do nothing. */
    static void stop(StackSettings settings) {
        synchronized (System.getProperties()) {
            if (!"up".equals(System.getProperty(STATE_PROPERTY))) {
                return;
            }
            System.setProperty(STATE_PROPERTY, "down");
        }
        Result down = run(settings, "down.sh", DOWN_TIMEOUT_SECONDS);
        if (down.exitCode() != 0) {
            System.err.println("[acceptance] deploy/local/down.sh exited " + down.exitCode() + ":\n" + down.tail());
        }
    }

    private record Result(int exitCode, Path output) {
        String tail() {
            try {
                List<String> lines = Files.readAllLines(output);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
            } catch (IOException e) {
                return "(no output at " + output + ")";
            }
        }
    }

    private static Result run(StackSettings settings, String script, long timeoutSeconds) {
        Path output = settings.runDirectory().resolveSibling("stack-" + script.replace(".sh", "") + ".log");
        Path scriptPath = settings.repositoryRoot().resolve("deploy/local").resolve(script);
        if (!Files.isRegularFile(scriptPath)) {
            throw new IllegalStateException("Missing " + scriptPath + ": the acceptance tests start the stack with it.");
        }
        ProcessBuilder builder = new ProcessBuilder("bash", scriptPath.toString())
                .directory(settings.repositoryRoot().toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().clear();
        builder.environment().putAll(settings.scriptEnvironment());
        try {
            Files.createDirectories(output.getParent());
            System.out.println("[acceptance] " + script + " (gateway " + settings.gatewayPort() + ", offset "
                    + settings.portOffset() + ", run dir " + settings.runDirectory() + ")");
            Process process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroyForcibly();
                throw new IllegalStateException("deploy/local/" + script + " did not finish within " + timeoutSeconds + " s:\n"
                        + new Result(-1, output).tail());
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + scriptPath, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + script, e);
        }
    }
}
