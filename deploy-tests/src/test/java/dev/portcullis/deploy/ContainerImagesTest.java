package dev.portcullis.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The container image definitions ({@code deploy/images/<service>/Dockerfile}): no Docker engine
 * here to build them, so their contract with the Kubernetes manifests is checked as text.
 */
@DisplayName("Container images")
class ContainerImagesTest {
    private static final Pattern USER = Pattern.compile("(?m)^USER\\s+(\\d+)(?::(\\d+))?\\s*$");
    private static final Pattern EXPOSE = Pattern.compile("(?m)^EXPOSE\\s+(\\d+)\\s*$");
    private static final Pattern ENTRYPOINT = Pattern.compile("(?m)^ENTRYPOINT\\s+(.+)$");

    private static String dockerfile(PortcullisService s) {
        return SourceTree.read(SourceTree.deploy().resolve("images").resolve(s.module()).resolve("Dockerfile"));
    }

    @ParameterizedTest
    @EnumSource(PortcullisService.class)
    void whenBuiltThenTheImageHoldsTheQuarkusFastJarLayoutOnAJava17Runtime(PortcullisService s) {
        String file = dockerfile(s);
        for (String part : List.of("lib/", "quarkus/", "app/", "quarkus-run.jar")) {
            assertTrue(file.contains("COPY target/quarkus-app/" + part), s.module() + " copies target/quarkus-app/" + part);
        }
        assertTrue(file.contains("ARG BASE_IMAGE=eclipse-temurin:17-jre") || file.contains("openjdk-17-runtime"), s.module() + ": a JRE 17 base");
    }

    @ParameterizedTest
    @EnumSource(PortcullisService.class)
    void whenRunThenANumericNonRootUserMatchesThePodsRunAsUser(PortcullisService s) {
        Matcher user = USER.matcher(dockerfile(s));
        assertTrue(user.find(), s.module() + " sets a numeric USER");
        long uid = Long.parseLong(user.group(1));
        assertTrue(uid > 0, s.module() + " is not root");
        for (String overlay : Overlays.OVERLAYS) {
            var pod = Overlays.overlay(overlay).deployment(s).getSpec().getTemplate().getSpec();
            assertEquals(uid, pod.getSecurityContext().getRunAsUser(), overlay + ": " + s.module() + " runs as the image's user");
        }
    }

    @ParameterizedTest
    @EnumSource(PortcullisService.class)
    void whenStartedThenJavaIsPid1OnTheServicesPort(PortcullisService s) {
        String file = dockerfile(s);
        Matcher expose = EXPOSE.matcher(file);
        assertTrue(expose.find(), s.module() + " documents its port");
        assertEquals(s.port(), Integer.parseInt(expose.group(1)), s.module() + ": EXPOSE = quarkus.http.port");
        Matcher entrypoint = ENTRYPOINT.matcher(file);
        assertTrue(entrypoint.find(), s.module() + " has an ENTRYPOINT");
        String exec = entrypoint.group(1).trim();
        assertTrue(exec.startsWith("[\"java\""), s.module() + ": exec form, java receives SIGTERM itself: " + exec);
        assertFalse(exec.contains("sh\"") || exec.contains("\"-c\""), s.module() + ": no shell in between");
    }
}
