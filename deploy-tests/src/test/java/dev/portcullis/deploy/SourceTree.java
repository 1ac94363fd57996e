package dev.portcullis.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** The repository checkout the tests run in: the manifests under {@code deploy/} and each module's configuration. */
final class SourceTree {
    private SourceTree() {
    }

    /** The repository root: the first directory upwards holding {@code deploy/k8s} and a {@code pom.xml}. */
    static Path root() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("deploy/k8s")) && Files.isRegularFile(d.resolve("pom.xml"))) {
                return d;
            }
        }
        throw new IllegalStateException("No deploy/k8s above " + Path.of("").toAbsolutePath());
    }

    static Path deploy() {
        return root().resolve("deploy");
    }

    /** {@code <module>/src/main/resources/application.properties}, as written (no profile resolution). */
    static Properties applicationProperties(String module) {
        Path file = root().resolve(module).resolve("src/main/resources/application.properties");
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        return properties;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}
