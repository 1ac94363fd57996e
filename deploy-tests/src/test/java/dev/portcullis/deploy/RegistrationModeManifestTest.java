package dev.portcullis.deploy;

import static dev.portcullis.deploy.Overlays.container;
import static dev.portcullis.deploy.Overlays.environment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 7591 §3: on Kubernetes, dynamic registration needs an initial access token. Open
 * registration lets anyone create clients that then appear on the sign-in page; it is a demo
 * setting of the local runner only.
 */
@DisplayName("Dynamic registration is protected on Kubernetes (RFC 7591 §3)")
class RegistrationModeManifestTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.portcullis.deploy.Overlays#rendered")
    void whenAnOverlayIsRenderedThenRegistrationIsProtected(RenderedOverlay o) {
        Container c = container(o.deployment(PortcullisService.CLIENT_REGISTRY));
        assertEquals("protected", environment(o, c).get("OAUTH_REGISTRY_REGISTRATION_MODE"), o.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.portcullis.deploy.Overlays#rendered")
    void whenRegistrationIsProtectedThenTheInitialAccessTokenComesFromARequiredSecretKey(RenderedOverlay o) {
        Container c = container(o.deployment(PortcullisService.CLIENT_REGISTRY));
        EnvVar token = c.getEnv().stream().filter(e -> e.getName().equals("OAUTH_REGISTRY_REGISTRATION_INITIAL_ACCESS_TOKEN"))
                .findFirst().orElse(null);
        assertNotNull(token, o + ": the initial access token is set");
        assertNotNull(token.getValueFrom(), o + ": from a Secret, never a literal");
        var ref = token.getValueFrom().getSecretKeyRef();
        assertNotNull(ref, o + ": from a Secret");
        assertNotEquals(Boolean.TRUE, ref.getOptional(), o + ": a missing Secret key stops the pod, not the check");
    }

    @Test
    void whenTheServiceRunsWithoutConfigurationThenRegistrationIsProtected() {
        Properties p = PortcullisService.CLIENT_REGISTRY.properties();
        assertEquals("protected", p.getProperty("oauth.registry.registration.mode").trim());
    }

    @Test
    void whenTheLocalRunnerStartsThenItSaysWhichRegistrationModeRuns() {
        String up = SourceTree.read(SourceTree.deploy().resolve("local/up.sh"));
        assertTrue(up.contains("OAUTH_REGISTRY_REGISTRATION_MODE=$REGISTRATION_MODE"), "up.sh passes the mode explicitly");
        assertTrue(up.contains("OPEN: anyone may register a client"), "up.sh says when registration is open");
    }
}
