package dev.portcullis.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Finds {@code kubectl} (any version from 1.20, whose built-in kustomize is v2.0.3). The manifests
 * are rendered by it, so its absence is a setup error with a clear fix, never a skipped check.
 */
final class Kubectl {
    private Kubectl() {
    }

    static Path path() {
        String override = System.getenv("KUBECTL");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        return Stream.concat(
                        Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)),
                        Stream.of("/usr/bin", "/usr/local/bin"))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "kubectl"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new AssertionError("kubectl is needed to render deploy/k8s (kubectl kustomize) and "
                        + "was not found on PATH. Install it: `apt-get install -y kubernetes-client` (Debian), "
                        + "or set KUBECTL=/path/to/kubectl."));
    }
}
