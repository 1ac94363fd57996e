package dev.portcullis.acceptance.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What {@code deploy/local/up.sh} writes to {@code $PC_RUN_DIR/demo.env}: the issuer, the seeded
 * demo clients and user, and the admin credential. Lines are {@code KEY=value}, optionally
 * prefixed with {@code export} and quoted.
 */
public record DemoEnvironment(Map<String, String> values) {

    public static DemoEnvironment read(Path file) {
        Map<String, String> values = new HashMap<>();
        try {
            for (String raw : Files.readAllLines(file)) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("export ")) {
                    line = line.substring("export ".length()).strip();
                }
                int eq = line.indexOf('=');
                if (eq > 0) {
                    values.put(line.substring(0, eq), unquote(line.substring(eq + 1).strip()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + " (written by deploy/local/up.sh)", e);
        }
        DemoEnvironment demo = new DemoEnvironment(Map.copyOf(values));
        for (String key : new String[] {"ISSUER", "DEMO_CLIENT_ID", "DEMO_CLIENT_SECRET", "DEMO_PUBLIC_CLIENT_ID",
                "DEMO_USERNAME", "DEMO_PASSWORD", "ADMIN_TOKEN"}) {
            demo.require(key);
        }
        return demo;
    }

    public String issuer() {
        return require("ISSUER");
    }

    public String clientId() {
        return require("DEMO_CLIENT_ID");
    }

    public String clientSecret() {
        return require("DEMO_CLIENT_SECRET");
    }

    public String publicClientId() {
        return require("DEMO_PUBLIC_CLIENT_ID");
    }

    public String username() {
        return require("DEMO_USERNAME");
    }

    public String password() {
        return require("DEMO_PASSWORD");
    }

    public String adminToken() {
        return require("ADMIN_TOKEN");
    }

    /** Names only: the values are credentials. */
    @Override
    public String toString() {
        return "DemoEnvironment" + values.keySet();
    }

    private String require(String key) {
        String value = values.get(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("demo.env has no " + key);
        }
        return value;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
