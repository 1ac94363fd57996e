package dev.portcullis.acceptance.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Where and how the stack under test runs: the knobs of {@code deploy/local/up.sh}, read from the
 * environment (the module's surefire configuration sets them) with the same defaults, so a test
 * started from an IDE uses the same ports and run directory as {@code mvn verify}.
 *
 * @param repositoryRoot the checkout holding {@code deploy/local/up.sh}
 * @param runDirectory   {@code PC_RUN_DIR}: pid files, {@code demo.env} and {@code logs/*.log}
 * @param gatewayPort    {@code PC_GATEWAY_PORT}: the nginx port, the issuer's origin
 * @param portOffset     {@code PC_PORT_OFFSET}: added to each service's usual port (8081..8084)
 * @param databaseName   {@code PC_DB_NAME}: the PostgreSQL database the services use
 */
public record StackSettings(Path repositoryRoot, Path runDirectory, int gatewayPort, int portOffset, String databaseName) {

    /** The usual port of authorize-service; the others follow (CONTRIBUTING.md "Modules and ports"). */
    private static final int AUTHORIZE_PORT = 8081;
    private static final int TOKEN_PORT = 8082;
    private static final int REVOCATION_PORT = 8083;
    private static final int CLIENT_REGISTRY_PORT = 8084;

    /**
     * token-service's {@code %test} key-encryption key (its application.properties): the stack
     * shares {@code portcullis_test} with token-service's own tests, so it must decrypt the
     * signing keys they stored there. Public test material, not a secret; up.sh takes it from
     * the environment over the one it would generate.
     */
    private static final String TEST_KEY_ENCRYPTION_KEY = "dGVzdC1vbmx5LWtleS1lbmNyeXB0aW9uLWtleS0zMmI=";

    public static StackSettings fromEnvironment() {
        Path root = findRepositoryRoot(Path.of(System.getProperty("user.dir")).toAbsolutePath());
        Path module = root.resolve("acceptance-tests");
        Path runDir = Path.of(env("PC_RUN_DIR", module.resolve("target/stack").toString())).toAbsolutePath();
        return new StackSettings(root, runDir,
                Integer.parseInt(env("PC_GATEWAY_PORT", "28080")),
                Integer.parseInt(env("PC_PORT_OFFSET", "20000")),
                env("PC_DB_NAME", "portcullis_test"));
    }

    /** The environment for up.sh and down.sh: the caller's plus the knobs above, and no rebuild. */
    public Map<String, String> scriptEnvironment() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("PC_GATEWAY_PORT", Integer.toString(gatewayPort));
        env.put("PC_PORT_OFFSET", Integer.toString(portOffset));
        env.put("PC_RUN_DIR", runDirectory.toString());
        env.put("PC_DB_NAME", databaseName);
        env.put("PC_SKIP_BUILD", env("PC_SKIP_BUILD", "1"));
        env.put("OAUTH_TOKEN_KEY_ENCRYPTION_KEY", TEST_KEY_ENCRYPTION_KEY);
        // The services run with their own JIT settings, not the build's.
        env.remove("JAVA_TOOL_OPTIONS");
        return env;
    }

    public Path logDirectory() {
        return runDirectory.resolve("logs");
    }

    public Path demoEnvironmentFile() {
        return runDirectory.resolve("demo.env");
    }

    /** authorize-service's own port (admin API for users), not routed by the public gateway. */
    public String authorizeServiceUrl() {
        return "http://127.0.0.1:" + (AUTHORIZE_PORT + portOffset);
    }

    public String tokenServiceUrl() {
        return "http://127.0.0.1:" + (TOKEN_PORT + portOffset);
    }

    /** revocation-service's own port: its gRPC TokenIntrospection is served there. */
    public int revocationServicePort() {
        return REVOCATION_PORT + portOffset;
    }

    /** client-registry-service's own port (admin API for clients), not routed by the public gateway. */
    public String clientRegistryServiceUrl() {
        return "http://127.0.0.1:" + (CLIENT_REGISTRY_PORT + portOffset);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static Path findRepositoryRoot(Path from) {
        for (Path dir = from; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("deploy/local/infra.sh")) && Files.isDirectory(dir.resolve("acceptance-tests"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the Portcullis checkout (deploy/local/) above " + from);
    }
}
