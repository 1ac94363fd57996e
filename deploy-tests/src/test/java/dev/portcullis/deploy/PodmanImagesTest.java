package dev.portcullis.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The images built for real, with no container registry: {@code deploy/images/container-e2e.sh
 * --build-only} makes a Debian 12 base with Debian's JRE 17 by debootstrap (cached between runs),
 * builds the four images from {@code deploy/images/Dockerfile} with podman on it, and runs each
 * image as its pods run it (user 10001, read-only root, no capabilities). It installs podman and
 * debootstrap when missing. The full run, the four containers serving the end-to-end test, is
 * the same script without {@code --build-only} (deploy/README.md, "Real containers"): minutes
 * more than the suite should spend on every run.
 */
@DisplayName("Container images built with podman on a debootstrap base")
class PodmanImagesTest {
    /** A first run makes the base (debootstrap and apt-get: minutes on a busy machine); later runs reuse it. */
    private static final long TIMEOUT_MINUTES = 40;

    @Test
    void whenBuiltWithPodmanThenEachImageRunsItsJreAsTheNumericUserOnAReadOnlyRoot() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", SourceTree.deploy().resolve("images/container-e2e.sh").toString(), "--build-only")
                .directory(SourceTree.root().toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        // Its progress is shown as it comes (a first run spends minutes on the base).
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    System.out.println(line);
                    output.add(line);
                }
            } catch (IOException e) {
                output.add("(output not readable: " + e.getMessage() + ")");
            }
        });
        if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            throw new AssertionError("container-e2e.sh --build-only did not finish within " + TIMEOUT_MINUTES + " minutes:\n"
                    + String.join("\n", output));
        }
        reader.join();
        String all = String.join("\n", output);
        assertEquals(0, p.exitValue(), "container-e2e.sh --build-only (its FAILED line says what to do):\n" + all);
        for (PortcullisService s : PortcullisService.values()) {
            assertTrue(all.contains(s.module() + ": uid 10001,"), s.module() + "'s image runs as user 10001:\n" + all);
        }
        assertTrue(all.contains("images built and checked"), all);
    }
}
