package dev.portcullis.deploy;

import static dev.portcullis.deploy.Overlays.*;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Deployment, Service, autoscaler and disruption budget of every overlay, as {@code kubectl kustomize} renders it: what platform teams rely on (probes, ports, limits, pod security, graceful shutdown, spread, per-call gRPC balancing).
 */
@DisplayName("Deployments, Services and scaling, as each overlay renders them")
class DeploymentManifestsTest {
    @Nested
    @DisplayName("Every Deployment")
    class EveryDeployment {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.portcullis.deploy.Overlays#rendered")
        void whenProbedThenStartupReadinessAndLivenessUseTheQuarkusHealthPathsOnTheServicePort(RenderedOverlay o) {
            for (PortcullisService s : PortcullisService.values()) {
                Container c = container(o.deployment(s));
                assertAll(s.module(),
                        () -> assertProbe(c, c.getStartupProbe(), "/q/health/started"),
                        () -> assertProbe(c, c.getReadinessProbe(), "/q/health/ready"),
                        () -> assertProbe(c, c.getLivenessProbe(), "/q/health/live"));
            }
        }

        private void assertProbe(Container c, Probe probe, String path) {
            assertNotNull(probe, c.getName() + " has a probe for " + path);
            HTTPGetAction get = probe.getHttpGet();
            assertNotNull(get, c.getName() + " probes " + path + " over HTTP");
            assertEquals(path, get.getPath(), c.getName());
            assertEquals(c.getPorts().get(0).getContainerPort(), portNumber(c, get.getPort()), c.getName() + " probes its own port");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.portcullis.deploy.Overlays#rendered")
        void whenDeployedThenTheContainerPortIsTheServicesQuarkusHttpPort(RenderedOverlay o) {
            for (PortcullisService s : PortcullisService.values()) {
                Container c = container(o.deployment(s));
                assertEquals(1, c.getPorts().size(), s.module() + ": HTTP and gRPC share one port");
                assertEquals(s.port(), c.getPorts().get(0).getContainerPort(),
                        s.module() + " listens on quarkus.http.port of its application.properties");
                assertEquals("http", c.getPorts().get(0).getName(), s.module());
                assertFalse(environment(o, c).containsKey("QUARKUS_HTTP_PORT"), s.module() + " keeps its configured port");
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.portcullis.deploy.Overlays#rendered")
        void whenScheduledThenCpuAndMemoryHaveRequestsAndLimitsAndLimitsCoverRequests(RenderedOverlay o) {
            for (PortcullisService s : PortcullisService.values()) {
                var resources = container(o.deployment(s)).getResources();
                for (String r : List.of("cpu", "memory")) {
                    Quantity request = resources.getRequests().get(r);
                    Quantity limit = resources.getLimits().get(r);
                    assertNotNull(request, s.module() + " requests " + r);
                    assertNotNull(limit, s.module() + " limits " + r);
                    assertTrue(limit.getNumericalAmount().compareTo(request.getNumericalAmount()) >= 0,
                            s.module() + ": " + r + " limit " + limit + " >= request " + request);
                }
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.portcullis.deploy.Overlays#rendered")
        void whenRunningThenNonRootReadOnlyRootFilesystemNoEscalationNoCapabilitiesAndRuntimeDefaultSeccomp(RenderedOverlay o) {
            for (PortcullisService s : PortcullisService.values()) {
                PodSpec pod = o.deployment(s).getSpec().getTemplate().getSpec();
                Container c = container(o.deployment(s));
                var podSc = pod.getSecurityContext();
                var sc = c.getSecurityContext();
                assertAll(s.module(),
                        () -> assertEquals(Boolean.TRUE, podSc.getRunAsNonRoot()),
                        () -> assertTrue(podSc.getRunAsUser() != null && podSc.getRunAsUser() > 0, "numeric non-root uid"),
                        () -> assertEquals("RuntimeDefault", podSc.getSeccompProfile().getType()),
                        () -> assertEquals(Boolean.TRUE, sc.getRunAsNonRoot()),
                        () -> assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem()),
                        () -> assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation()),
                        () -> assertEquals(List.of("ALL"), sc.getCapabilities().getDrop()),
                        () -> assertTrue(sc.getCapabilities().getAdd() == null || sc.getCapabilities().getAdd().isEmpty()),
                        () -> assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken(), "no Kubernetes API token"),
                        () -> {
                            var tmp = c.getVolumeMounts().stream().filter(m -> "/tmp".equals(m.getMountPath())).findFirst()
                                    .orElseThrow(() -> new AssertionError("a writable /tmp"));
                            var volume = pod.getVolumes().stream().filter(v -> v.getName().equals(tmp.getName())).findFirst().orElseThrow();
                            assertNotNull(volume.getEmptyDir(), "/tmp is an emptyDir");
                        });
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.portcullis.deploy.Overlays#rendered")
        void whenStoppedThenTheGracePeriodCoversPreStopShutdownDelayAndQuarkusShutdownTimeout(RenderedOverlay o) {
            for (PortcullisService s : PortcullisService.values()) {
                Deployment d = o.deployment(s);
                Container c = container(d);
                Map<String, String> env = environment(o, c);
                Duration configured = isoDuration(s.properties().getProperty("quarkus.shutdown.timeout"));
                Duration timeout = isoDuration(env.getOrDefault("QUARKUS_SHUTDOWN_TIMEOUT", configured.toString()));
                Duration delay = isoDuration(env.getOrDefault("QUARKUS_SHUTDOWN_DELAY", "PT0S"));
                assertEquals(configured, timeout, s.module() + ": the manifest and application.properties agree on quarkus.shutdown.timeout");
                var preStop = c.getLifecycle().getPreStop();
                assertNotNull(preStop.getSleep(), s.module() + " sleeps in preStop while endpoints drop the pod (no shell needed)");
                long preStopSeconds = preStop.getSleep().getSeconds();
                assertTrue(preStopSeconds >= 3, s.module() + ": preStop long enough for endpoint removal to propagate");
                long grace = d.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
                assertTrue(grace > preStopSeconds + delay.toSeconds() + timeout.toSeconds(),
                        s.module() + ": terminationGracePeriodSeconds " + grace + " > preStop " + preStopSeconds
                                + " + shutdown delay " + delay.toSeconds() + " + shutdown timeout " + timeout.toSeconds());
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.portcullis.deploy.Overlays#rendered")
        void whenScheduledThenPodsSpreadAcrossZonesAndNodes(RenderedOverlay o) {
            for (PortcullisService s : PortcullisService.values()) {
                var constraints = o.deployment(s).getSpec().getTemplate().getSpec().getTopologySpreadConstraints();
                Set<String> keys = constraints.stream().map(t -> t.getTopologyKey()).collect(Collectors.toSet());
                assertEquals(Set.of("topology.kubernetes.io/zone", "kubernetes.io/hostname"), keys, s.module());
                for (var t : constraints) {
                    assertEquals(s.module(), t.getLabelSelector().getMatchLabels().get("app.kubernetes.io/name"), s.module());
                }
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.portcullis.deploy.Overlays#rendered")
        void whenCallingAnotherServiceOverGrpcThenEveryPodOfItsHeadlessServiceIsUsedRoundRobin(RenderedOverlay o) {
            for (PortcullisService s : PortcullisService.values()) {
                Map<String, String> env = environment(o, container(o.deployment(s)));
                for (var client : s.grpcClients().entrySet()) {
                    String var = client.getKey().toUpperCase().replace('-', '_');
                    PortcullisService server = client.getValue();
                    String where = s.module() + " gRPC client " + client.getKey();
                    assertTrue(String.valueOf(s.properties().getProperty("quarkus.grpc.clients." + client.getKey() + ".host"))
                            .contains("${PORTCULLIS_" + var + "_HOST"), where + ": application.properties reads PORTCULLIS_" + var + "_HOST");
                    assertEquals(server.module() + "-grpc", env.get("PORTCULLIS_" + var + "_HOST"), where);
                    assertEquals(String.valueOf(server.port()), env.get("PORTCULLIS_" + var + "_PORT"), where);
                    assertEquals("round_robin", env.get("QUARKUS_GRPC_CLIENTS_" + var + "_LOAD_BALANCING_POLICY"), where);
                    assertEquals("dns", env.get("QUARKUS_GRPC_CLIENTS_" + var + "_NAME_RESOLVER"), where);
                    Service headless = o.get(Service.class, server.module() + "-grpc");
                    assertEquals("None", headless.getSpec().getClusterIP(), where + ": the gRPC Service is headless");
                    assertTrue(s.callees().contains(server), where + " is an edge of the call graph");
                }
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.portcullis.deploy.Overlays#rendered")
        void whenConfiguredThenTheIssuerIsHttpsOnTheIngressHost(RenderedOverlay o) {
            Set<String> hosts = o.ingresses().stream().flatMap(i -> i.getSpec().getRules().stream()).map(IngressRule::getHost)
                    .collect(Collectors.toSet());
            for (PortcullisService s : PortcullisService.values()) {
                String issuer = environment(o, container(o.deployment(s))).get("PORTCULLIS_ISSUER");
                assertNotNull(issuer, s.module() + " gets PORTCULLIS_ISSUER");
                assertTrue(issuer.startsWith("https://"), s.module() + ": the issuer is https (" + issuer + ")");
                assertTrue(hosts.contains(issuer.substring("https://".length())), s.module() + ": issuer " + issuer + " is served by the Ingress " + hosts);
            }
        }
    }

    @Nested
    @DisplayName("Services, autoscaling and disruption budgets")
    class ServicesAndScaling {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.portcullis.deploy.Overlays#rendered")
        void whenRoutingThenAnHttpServiceAndAHeadlessGrpcServiceSelectTheDeploymentsPods(RenderedOverlay o) {
            for (PortcullisService s : PortcullisService.values()) {
                Map<String, String> podLabels = o.deployment(s).getSpec().getTemplate().getMetadata().getLabels();
                Service http = o.get(Service.class, s.module());
                Service grpc = o.get(Service.class, s.module() + "-grpc");
                for (Service svc : List.of(http, grpc)) {
                    assertTrue(podLabels.entrySet().containsAll(svc.getSpec().getSelector().entrySet()),
                            svc.getMetadata().getName() + " selects the pods of " + s.module());
                    ServicePort port = svc.getSpec().getPorts().get(0);
                    assertEquals(s.port(), port.getPort(), svc.getMetadata().getName());
                    assertEquals(s.port(), portNumber(container(o.deployment(s)), port.getTargetPort()), svc.getMetadata().getName());
                }
                assertEquals("None", grpc.getSpec().getClusterIP(), s.module() + "-grpc is headless");
                assertFalse("None".equals(http.getSpec().getClusterIP()), s.module() + " has a virtual IP for the Ingress");
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.portcullis.deploy.Overlays#rendered")
        void whenLoadGrowsThenAnAutoscalerOnCpuScalesTheDeploymentAndABudgetLimitsVoluntaryDisruptions(RenderedOverlay o) {
            for (PortcullisService s : PortcullisService.values()) {
                HorizontalPodAutoscaler hpa = o.hpa(s);
                assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind(), s.module());
                assertEquals(s.module(), hpa.getSpec().getScaleTargetRef().getName(), s.module());
                assertTrue(hpa.getSpec().getMinReplicas() >= 1 && hpa.getSpec().getMaxReplicas() >= hpa.getSpec().getMinReplicas(), s.module());
                assertTrue(hpa.getSpec().getMetrics().stream().anyMatch(m -> m.getResource() != null && "cpu".equals(m.getResource().getName())),
                        s.module() + " scales on CPU");
                assertEquals(null, o.deployment(s).getSpec().getReplicas(), s.module() + ": the autoscaler owns the replica count");
                PodDisruptionBudget pdb = o.pdb(s);
                assertEquals(Map.of("app.kubernetes.io/name", s.module()), pdb.getSpec().getSelector().getMatchLabels(), s.module());
                assertEquals(new IntOrString(1), pdb.getSpec().getMaxUnavailable(), s.module() + ": one pod at a time");
            }
        }

        @Test
        void whenInProductionThenEveryServiceRunsInAtLeastThreeReplicasWithMoreThanDev() {
            for (PortcullisService s : PortcullisService.values()) {
                int prod = overlay("production").hpa(s).getSpec().getMinReplicas();
                int dev = overlay("dev").hpa(s).getSpec().getMinReplicas();
                assertTrue(prod >= 3 && prod > dev, s.module() + ": production min " + prod + ", dev min " + dev);
                var zone = overlay("production").deployment(s).getSpec().getTemplate().getSpec().getTopologySpreadConstraints().stream()
                        .filter(t -> t.getTopologyKey().equals("topology.kubernetes.io/zone")).findFirst().orElseThrow();
                assertEquals("DoNotSchedule", zone.getWhenUnsatisfiable(), s.module() + ": production keeps zones balanced");
            }
        }

        @Test
        void whenInProductionThenMemoryLimitEqualsRequestAndCpuBurstIsAtMostTwice() {
            for (PortcullisService s : PortcullisService.values()) {
                var r = container(overlay("production").deployment(s)).getResources();
                assertEquals(r.getRequests().get("memory").getNumericalAmount(), r.getLimits().get("memory").getNumericalAmount(), s.module());
                assertTrue(r.getLimits().get("cpu").getNumericalAmount()
                        .compareTo(r.getRequests().get("cpu").getNumericalAmount().multiply(java.math.BigDecimal.valueOf(2))) <= 0, s.module());
            }
        }

        @Test
        void whenInProductionThenImagesComeFromARegistryWithAnExplicitTag() {
            for (PortcullisService s : PortcullisService.values()) {
                String image = container(overlay("production").deployment(s)).getImage();
                assertTrue(image.matches("[a-z0-9.-]+\\.[a-z]+(:[0-9]+)?/.+/" + s.module() + ":[A-Za-z0-9._-]+"), image);
                assertFalse(image.endsWith(":latest"), image);
            }
        }
    }
}
