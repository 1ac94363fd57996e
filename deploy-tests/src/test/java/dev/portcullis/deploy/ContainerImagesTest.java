package dev.portcullis.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The container image definition ({@code deploy/images/Dockerfile}, one for all four services)
 * and its build script ({@code deploy/images/build.sh}): their contract with the services and the
 * Kubernetes manifests, checked as text and as the commands the script would run (whatever engine
 * builds them; {@link PodmanImagesTest} builds and runs them with podman).
 */
@DisplayName("Container images")
class ContainerImagesTest {
    private static final Pattern USER = Pattern.compile("(?m)^USER\\s+(\\d+)(?::(\\d+))?\\s*$");
    private static final Pattern ENTRYPOINT = Pattern.compile("(?m)^ENTRYPOINT\\s+(.+)$");

    private static String dockerfile() {
        return SourceTree.read(SourceTree.deploy().resolve("images").resolve("Dockerfile"));
    }

    /** What {@code deploy/images/build.sh --dry-run <service>} would run. */
    private static String buildCommand(PortcullisService s) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", SourceTree.deploy().resolve("images/build.sh").toString(), "--dry-run", s.module())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "build.sh --dry-run finished");
        assertEquals(0, p.exitValue(), "build.sh --dry-run " + s.module() + ":\n" + out);
        return out;
    }

    @Test
    void whenBuiltThenTheImageHoldsTheQuarkusFastJarLayoutOnAJava17Runtime() {
        String file = dockerfile();
        for (String part : List.of("lib/", "quarkus/", "app/", "quarkus-run.jar")) {
            assertTrue(file.contains("COPY target/quarkus-app/" + part), "copies target/quarkus-app/" + part);
        }
        assertTrue(file.contains("ARG BASE_IMAGE=eclipse-temurin:17-jre"), "a JRE 17 base");
        assertTrue(file.contains("EXPOSE ${PORT}"), "EXPOSE is the build's PORT argument");
    }

    @Test
    void whenRunThenJavaIsPid1WithNoShellInBetween() {
        Matcher entrypoint = ENTRYPOINT.matcher(dockerfile());
        assertTrue(entrypoint.find(), "an ENTRYPOINT");
        String exec = entrypoint.group(1).trim();
        assertTrue(exec.startsWith("[\"java\""), "exec form, java receives SIGTERM itself: " + exec);
        assertFalse(exec.contains("sh\"") || exec.contains("\"-c\""), "no shell in between");
    }

    @ParameterizedTest
    @EnumSource(PortcullisService.class)
    void whenRunThenANumericNonRootUserMatchesThePodsRunAsUser(PortcullisService s) {
        Matcher user = USER.matcher(dockerfile());
        assertTrue(user.find(), "the image sets a numeric USER");
        long uid = Long.parseLong(user.group(1));
        assertTrue(uid > 0, "not root");
        for (String overlay : Overlays.OVERLAYS) {
            var pod = Overlays.overlay(overlay).deployment(s).getSpec().getTemplate().getSpec();
            assertEquals(uid, pod.getSecurityContext().getRunAsUser(), overlay + ": " + s.module() + " runs as the image's user");
        }
    }

    @ParameterizedTest
    @EnumSource(PortcullisService.class)
    void whenBuiltByTheScriptThenEachImageIsItsServiceOnItsPortWithTheBaseManifestsTag(PortcullisService s) throws Exception {
        String command = buildCommand(s);
        assertTrue(command.contains("--build-arg SERVICE=" + s.module() + " "), command);
        assertTrue(command.contains("--build-arg PORT=" + s.port() + " "), s.module() + ": EXPOSE = quarkus.http.port: " + command);
        assertTrue(command.endsWith("/" + s.module()), s.module() + ": the module directory is the build context: " + command);
        String image = Overlays.overlay("dev").deployment(s).getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
        assertTrue(command.contains("-t " + image + " "), "the image the dev overlay runs (" + image + ") is what the script tags: " + command);
    }
}
