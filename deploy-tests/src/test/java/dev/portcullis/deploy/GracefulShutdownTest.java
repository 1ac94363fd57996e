package dev.portcullis.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.testing.ServiceProcess;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Services honour SIGTERM (DESIGN "Operations": graceful shutdown): two real token-service
 * replicas behind a real nginx configured like the gateway; one of them is stopped while
 * clients keep calling, and nobody notices.
 */
@DisplayName("Graceful shutdown of one of two replicas behind the gateway")
class GracefulShutdownTest {
    static final PortcullisService SERVICE = PortcullisService.TOKEN;
    /** A cheap public endpoint of the service, answered without any other service. */
    static final String PATH = "/jwks";
    static final ObjectMapper JSON = new ObjectMapper();

    static ServiceProcess stopped;
    static ServiceProcess survivor;
    static NginxGateway gateway;

    @BeforeAll
    static void startTwoReplicasBehindTheGateway() {
        // The runtime half of readiness-first shutdown; the build half,
        // quarkus.shutdown.delay-enabled=true, is in every service's application.properties.
        Map<String, String> properties = Map.of("quarkus.shutdown.delay", "PT2S");
        CompletableFuture<ServiceProcess> first = CompletableFuture.supplyAsync(() -> ServiceProcess.start(SERVICE.module(), properties));
        CompletableFuture<ServiceProcess> second = CompletableFuture.supplyAsync(() -> ServiceProcess.start(SERVICE.module(), properties));
        stopped = first.join();
        survivor = second.join();
        gateway = NginxGateway.start(List.of(stopped.port(), survivor.port()));
    }

    @AfterAll
    static void stopEverything() {
        for (AutoCloseable c : new AutoCloseable[] {gateway, stopped, survivor}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    @Test
    void whenKubernetesProbesTheRunningServiceThenEveryProbePathOfItsDeploymentAnswers200() throws Exception {
        for (String overlay : Overlays.OVERLAYS) {
            Deployment d = Overlays.overlay(overlay).deployment(SERVICE);
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            for (Probe probe : List.of(c.getStartupProbe(), c.getReadinessProbe(), c.getLivenessProbe())) {
                String path = probe.getHttpGet().getPath();
                assertEquals(200, get(survivor.url() + path).statusCode(), overlay + ": " + path + " on a running " + SERVICE.module());
            }
        }
    }

    @Test
    void whenTheDiscoveryDocumentAdvertisesAnEndpointThenEveryIngressRoutesItToTheServiceThatServesIt() throws Exception {
        for (String document : List.of("/.well-known/openid-configuration", "/.well-known/oauth-authorization-server")) {
            HttpResponse<String> response = get(gateway.url() + document);
            assertEquals(200, response.statusCode(), document);
            JsonNode discovery = JSON.readTree(response.body());
            String issuer = discovery.get("issuer").asText();
            List<String> endpoints = new ArrayList<>();
            discovery.fieldNames().forEachRemaining(name -> {
                if (name.endsWith("_endpoint") || name.endsWith("_uri")) {
                    endpoints.add(name);
                }
            });
            assertTrue(endpoints.contains("token_endpoint") && endpoints.contains("jwks_uri"), document + " lists endpoints: " + endpoints);
            for (String name : endpoints) {
                String url = discovery.get(name).asText();
                assertTrue(url.startsWith(issuer + "/"), name + " is under the issuer: " + url);
                String path = url.substring(issuer.length());
                PortcullisService owner = ownerOf(path);
                for (String overlay : Overlays.OVERLAYS) {
                    assertEquals(owner.module(), Overlays.routeOf(Overlays.single(
                            Overlays.overlay(overlay)), path), overlay + ": " + name + " " + path);
                }
            }
            assertEquals(SERVICE.module(), Overlays.routeOf(Overlays.single(
                    Overlays.overlay("production")), document), document);
        }
    }

    private static PortcullisService ownerOf(String path) {
        for (PortcullisService s : PortcullisService.values()) {
            for (String prefix : s.publicPaths()) {
                if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                    return s;
                }
            }
        }
        throw new AssertionError("Discovery advertises " + path + ", which no service's public paths cover:"
                + " add it to PortcullisService and to the Ingress");
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @DisplayName("when one replica receives SIGTERM under continuous load")
    class WhenOneReplicaStopsUnderLoad {
        List<String> failures;
        long succeeded;
        Map<String, Long> answersBeforeStop;
        boolean exitedWithinGrace;
        ShutdownTimeline timeline;

        @BeforeAll
        void stopOneReplicaWhileClientsKeepCalling() throws Exception {
            long grace = Overlays.overlay("production").deployment(SERVICE)
                    .getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
            try (ContinuousLoad load = ContinuousLoad.start(URI.create(gateway.url() + PATH), 4, 200_000)) {
                load.awaitMore(400);
                answersBeforeStop = gateway.answersByReplica();
                timeline = ShutdownTimeline.watch(stopped.url(), PATH);
                ProcessHandle.of(stopped.pid()).orElseThrow().destroy(); // SIGTERM, as the kubelet sends it
                exitedWithinGrace = ProcessHandle.of(stopped.pid()).map(p -> {
                    try {
                        p.onExit().get(grace, TimeUnit.SECONDS);
                        return true;
                    } catch (Exception e) {
                        return false;
                    }
                }).orElse(true);
                load.awaitMore(400);
                timeline.close();
                load.close();
                failures = load.failures();
                succeeded = load.succeeded();
            }
        }

        @Test
        void thenNoRequestThroughTheGatewayFails() {
            assertEquals(List.of(), failures, "requests failed while a replica stopped");
            assertTrue(succeeded >= 800, "the load ran across the stop: " + succeeded + " answers");
        }

        @Test
        void thenBothReplicasServedBeforeTheStop() {
            assertTrue(answersBeforeStop.getOrDefault("127.0.0.1:" + stopped.port(), 0L) > 0,
                    "the stopped replica took part in the load: " + answersBeforeStop);
            assertTrue(answersBeforeStop.getOrDefault("127.0.0.1:" + survivor.port(), 0L) > 0, answersBeforeStop.toString());
        }

        @Test
        void thenTheStoppedReplicaExitsWithinTheDeploymentsGracePeriod() {
            assertTrue(exitedWithinGrace, "exited before terminationGracePeriodSeconds, so the kubelet never SIGKILLs it:\n" + stopped.tail());
            assertFalse(stopped.isAlive());
            assertTrue(survivor.isAlive());
        }

        @Test
        void thenItsReadinessReportedDownWhileItStillServed() {
            assertTrue(readinessGoesDownOnShutdown(SERVICE.module()), SERVICE.module() + " is built without "
                    + "quarkus.shutdown.delay-enabled=true: on SIGTERM it would stop accepting at once instead of "
                    + "reporting readiness DOWN first, as deploy/k8s's QUARKUS_SHUTDOWN_DELAY expects");
            int down = timeline.firstReportedDown();
            int refused = timeline.firstNotServing();
            assertNotEquals(-1, down, "readiness reported DOWN: " + timeline.ticks());
            assertTrue(refused == -1 || down < refused, "DOWN before it stopped serving: " + timeline.ticks());
            assertTrue(timeline.ticks().get(down).serving(), "still serving while DOWN: " + timeline.ticks());
        }
    }

    /**
     * Whether the packaged service reports readiness DOWN when shutdown starts: Quarkus adds its
     * shutdown readiness check only when built with {@code quarkus.shutdown.delay-enabled=true}.
     */
    static boolean readinessGoesDownOnShutdown(String module) {
        Path generated = SourceTree.root().resolve(module).resolve("target/quarkus-app/quarkus/generated-bytecode.jar");
        try (ZipFile jar = new ZipFile(generated.toFile())) {
            return jar.stream().anyMatch(e -> e.getName().contains("ShutdownReadinessCheck"));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + generated, e);
        }
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url)).timeout(java.time.Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertNotNull(response);
        return response;
    }
}
