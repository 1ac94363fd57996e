package dev.portcullis.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The overlays under {@code deploy/k8s/overlays}, each rendered once per test run, and the
 * questions the manifest tests ask of them (a container's environment, where the Ingress sends
 * a path).
 */
final class Overlays {
    private Overlays() {
    }

    static final List<String> OVERLAYS = List.of("dev", "production", "production-grpc-tls");
    private static final Map<String, RenderedOverlay> RENDERED = new ConcurrentHashMap<>();

    static Stream<RenderedOverlay> rendered() {
        return OVERLAYS.stream().map(Overlays::overlay);
    }

    static RenderedOverlay overlay(String name) {
        return RENDERED.computeIfAbsent(name, RenderedOverlay::of);
    }

    static Container container(Deployment d) {
        List<Container> containers = d.getSpec().getTemplate().getSpec().getContainers();
        assertEquals(1, containers.size(), d.getMetadata().getName() + " runs one container");
        return containers.get(0);
    }

    /** Every environment variable a container gets: its env entries, then its ConfigMaps (envFrom). */
    static Map<String, String> environment(RenderedOverlay o, Container c) {
        Map<String, String> env = new java.util.HashMap<>();
        for (var from : c.getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                ConfigMap cm = o.get(ConfigMap.class, from.getConfigMapRef().getName());
                env.putAll(cm.getData());
            }
        }
        for (EnvVar e : c.getEnv()) {
            if (e.getValue() != null) {
                env.put(e.getName(), e.getValue());
            }
        }
        return env;
    }

    static Duration isoDuration(String value) {
        return Duration.parse(value.trim());
    }

    static Ingress single(RenderedOverlay o) {
        assertEquals(1, o.ingresses().size(), o + ": one Ingress, one issuer origin");
        return o.ingresses().get(0);
    }

    static List<HTTPIngressPath> paths(Ingress ingress) {
        return ingress.getSpec().getRules().stream().flatMap(r -> r.getHttp().getPaths().stream()).toList();
    }

    /** The Service the Ingress sends {@code path} to (Prefix: element-wise, Exact: equal), or null. */
    static String routeOf(Ingress ingress, String path) {
        HTTPIngressPath best = null;
        for (HTTPIngressPath p : paths(ingress)) {
            boolean matches = switch (p.getPathType()) {
                case "Exact" -> p.getPath().equals(path);
                case "Prefix" -> p.getPath().equals("/") || path.equals(p.getPath()) || path.startsWith(p.getPath().endsWith("/") ? p.getPath() : p.getPath() + "/");
                default -> fail("pathType " + p.getPathType() + " is implementation-specific: use Prefix or Exact");
            };
            if (matches && (best == null || p.getPath().length() > best.getPath().length())) {
                best = p;
            }
        }
        return best == null ? null : best.getBackend().getService().getName();
    }

    static int portNumber(Container c, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return c.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " has no port named " + port.getStrVal())).getContainerPort();
    }
}
