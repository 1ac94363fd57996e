package dev.portcullis.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One overlay as {@code kubectl kustomize} renders it (what {@code kubectl apply -k} would send),
 * parsed into the fabric8 Kubernetes model: typed objects for the built-in kinds,
 * {@link GenericKubernetesResource} for custom resources (ServiceMonitor, CloudNativePG Cluster).
 */
final class RenderedOverlay {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final String name;
    private final List<HasMetadata> objects;

    private RenderedOverlay(String name, List<HasMetadata> objects) {
        this.name = name;
        this.objects = objects;
    }

    /** Renders {@code deploy/k8s/overlays/<overlay>}. */
    static RenderedOverlay of(String overlay) {
        Path dir = SourceTree.deploy().resolve("k8s/overlays").resolve(overlay);
        return new RenderedOverlay(overlay, parse(kustomize(dir)));
    }

    String name() {
        return name;
    }

    List<HasMetadata> all() {
        return objects;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<GenericKubernetesResource> custom(String kind) {
        return all(GenericKubernetesResource.class).stream().filter(r -> kind.equals(r.getKind())).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError(
                "overlay " + this.name + " renders no " + type.getSimpleName() + " named " + name));
    }

    Deployment deployment(PortcullisService service) {
        return get(Deployment.class, service.module());
    }

    List<NetworkPolicy> networkPolicies() {
        return all(NetworkPolicy.class);
    }

    List<Ingress> ingresses() {
        return all(Ingress.class);
    }

    List<Service> services() {
        return all(Service.class);
    }

    List<ConfigMap> configMaps() {
        return all(ConfigMap.class);
    }

    List<Secret> secrets() {
        return all(Secret.class);
    }

    HorizontalPodAutoscaler hpa(PortcullisService service) {
        return get(HorizontalPodAutoscaler.class, service.module());
    }

    PodDisruptionBudget pdb(PortcullisService service) {
        return get(PodDisruptionBudget.class, service.module());
    }

    @Override
    public String toString() {
        return name;
    }

    private static String kustomize(Path dir) {
        Path kubectl = Kubectl.path();
        try {
            File err = File.createTempFile("kustomize", ".err");
            err.deleteOnExit();
            Process p = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                    .redirectError(err).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("kubectl kustomize " + dir + " did not finish in 120 s");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + dir + " failed (exit " + p.exitValue() + "):\n"
                        + Files.readString(err.toPath()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            if (document.isBlank()) {
                continue;
            }
            KubernetesResource parsed = SERIALIZATION.unmarshal(document);
            if (!(parsed instanceof HasMetadata object)) {
                throw new AssertionError("Not a Kubernetes object:\n" + document);
            }
            objects.add(object);
        }
        return List.copyOf(objects);
    }
}
