package dev.portcullis.deploy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads NetworkPolicies as allow-lists: which policies apply to a pod, and which pods a peer names. */
final class NetworkPolicyRules {
    private static final String APP = "app.kubernetes.io/name";

    private NetworkPolicyRules() {
    }

    /** The policies of {@code policyType} (Ingress or Egress) whose podSelector selects the pods of {@code app}. */
    static List<NetworkPolicy> selecting(RenderedOverlay o, String app, String policyType) {
        return o.networkPolicies().stream()
                .filter(p -> p.getSpec().getPolicyTypes().contains(policyType))
                .filter(p -> selects(p.getSpec().getPodSelector(), podLabels(o, app)))
                .toList();
    }

    private static Map<String, String> podLabels(RenderedOverlay o, String app) {
        return o.get(io.fabric8.kubernetes.api.model.apps.Deployment.class, app).getSpec().getTemplate().getMetadata().getLabels();
    }

    /** The app names allowed in by the policies that select pods labelled {@code key=value}, on {@code port}. */
    static Set<String> appsAdmittedTo(RenderedOverlay o, String key, String value, int port) {
        Set<String> apps = new TreeSet<>();
        for (NetworkPolicy p : o.networkPolicies()) {
            if (!p.getSpec().getPolicyTypes().contains("Ingress") || !selects(p.getSpec().getPodSelector(), Map.of(key, value))
                    || isEmpty(p.getSpec().getPodSelector())) {
                continue;
            }
            for (var rule : p.getSpec().getIngress()) {
                if (rule.getPorts().stream().noneMatch(pp -> pp.getPort().getIntVal() == port)) {
                    continue;
                }
                for (var peer : rule.getFrom()) {
                    if (peer.getNamespaceSelector() != null || peer.getIpBlock() != null) {
                        throw new AssertionError(p.getMetadata().getName() + " lets in more than pods of this namespace");
                    }
                    apps.addAll(apps(peer.getPodSelector()));
                }
            }
        }
        return apps;
    }

    /** The app names a pod selector names (matchLabels or an In expression on app.kubernetes.io/name). */
    static Set<String> apps(LabelSelector selector) {
        Set<String> apps = new TreeSet<>();
        if (selector == null) {
            return apps;
        }
        if (selector.getMatchLabels() != null && selector.getMatchLabels().containsKey(APP)) {
            apps.add(selector.getMatchLabels().get(APP));
        }
        for (var e : selector.getMatchExpressions()) {
            if (APP.equals(e.getKey()) && "In".equals(e.getOperator())) {
                apps.addAll(e.getValues());
            }
        }
        return apps;
    }

    /** A readable form of a peer that is not one of the four services, for the assertions. */
    static String describe(NetworkPolicyPeer peer) {
        if (peer.getIpBlock() != null) {
            return "addresses " + peer.getIpBlock().getCidr() + " except " + peer.getIpBlock().getExcept();
        }
        LabelSelector ns = peer.getNamespaceSelector();
        LabelSelector pods = peer.getPodSelector();
        if (ns == null) {
            return "pods with " + labels(pods);
        }
        String nsName = ns.getMatchLabels() == null ? null : ns.getMatchLabels().get("kubernetes.io/metadata.name");
        String podPart = pods == null ? "" : " pods " + String.join(",", pods.getMatchLabels().values());
        return nsName != null ? "namespace " + nsName + podPart : "namespaces labelled " + labels(ns) + podPart;
    }

    private static String labels(LabelSelector s) {
        return s.getMatchLabels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted()
                .reduce((a, b) -> a + "," + b).orElse("");
    }

    private static boolean isEmpty(LabelSelector s) {
        return (s.getMatchLabels() == null || s.getMatchLabels().isEmpty()) && (s.getMatchExpressions() == null || s.getMatchExpressions().isEmpty());
    }

    private static boolean selects(LabelSelector s, Map<String, String> podLabels) {
        if (s.getMatchLabels() != null) {
            for (var e : s.getMatchLabels().entrySet()) {
                if (!e.getValue().equals(podLabels.get(e.getKey()))) {
                    return false;
                }
            }
        }
        for (var e : s.getMatchExpressions()) {
            String v = podLabels.get(e.getKey());
            boolean ok = switch (e.getOperator()) {
                case "In" -> v != null && e.getValues().contains(v);
                case "NotIn" -> v == null || !e.getValues().contains(v);
                case "Exists" -> v != null;
                case "DoesNotExist" -> v == null;
                default -> throw new AssertionError("operator " + e.getOperator());
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
