package dev.portcullis.deploy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What one replica says while it shuts down, asked directly (not through the gateway) again and
 * again: its readiness ({@code /q/health/ready}) and whether it still serves an application path.
 */
final class ShutdownTimeline implements AutoCloseable {
    /** One observation: readiness as reported by the health check, and whether the application answered. */
    record Tick(Readiness readiness, boolean serving) {
    }

    enum Readiness { UP, DOWN, REFUSED }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Tick> ticks = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread watcher;

    private ShutdownTimeline(String replicaUrl, String applicationPath) {
        HttpRequest ready = HttpRequest.newBuilder(URI.create(replicaUrl + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build();
        HttpRequest app = HttpRequest.newBuilder(URI.create(replicaUrl + applicationPath)).timeout(Duration.ofSeconds(5)).build();
        watcher = new Thread(() -> {
            while (running.get()) {
                Readiness readiness = readiness(ready);
                boolean serving = status(app) == 200;
                synchronized (ticks) {
                    ticks.add(new Tick(readiness, serving));
                }
                if (readiness == Readiness.REFUSED && !serving) {
                    return;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "shutdown-timeline");
        watcher.setDaemon(true);
    }

    static ShutdownTimeline watch(String replicaUrl, String applicationPath) {
        ShutdownTimeline timeline = new ShutdownTimeline(replicaUrl, applicationPath);
        timeline.watcher.start();
        return timeline;
    }

    List<Tick> ticks() {
        synchronized (ticks) {
            return List.copyOf(ticks);
        }
    }

    /** Index of the first observation where the replica no longer served the application path, or -1. */
    int firstNotServing() {
        List<Tick> t = ticks();
        for (int i = 0; i < t.size(); i++) {
            if (!t.get(i).serving()) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the first observation where readiness said DOWN (a health answer, not a refusal), or -1. */
    int firstReportedDown() {
        List<Tick> t = ticks();
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i).readiness() == Readiness.DOWN) {
                return i;
            }
        }
        return -1;
    }

    private Readiness readiness(HttpRequest ready) {
        try {
            HttpResponse<String> r = http.send(ready, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return Readiness.UP;
            }
            // A health answer says "status": "DOWN"; a bare 503 is the server refusing new requests.
            return r.statusCode() == 503 && r.body().replace(" ", "").contains("\"status\":\"DOWN\"") ? Readiness.DOWN : Readiness.REFUSED;
        } catch (Exception e) {
            return Readiness.REFUSED;
        }
    }

    private int status(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    @Override
    public void close() {
        running.set(false);
        watcher.interrupt();
    }
}
