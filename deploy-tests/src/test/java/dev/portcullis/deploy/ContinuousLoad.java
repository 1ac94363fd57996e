package dev.portcullis.deploy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients sending GET requests one after another until stopped (bounded by a request count), the
 * way relying parties keep calling the gateway while a replica goes away. Records every failure:
 * a status other than 200, or no answer at all.
 */
final class ContinuousLoad implements AutoCloseable {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService clients;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong succeeded = new AtomicLong();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

    private ContinuousLoad(int clients) {
        this.clients = Executors.newFixedThreadPool(clients);
    }

    static ContinuousLoad start(URI target, int clients, long maxRequests) {
        ContinuousLoad load = new ContinuousLoad(clients);
        HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30)).GET().build();
        for (int i = 0; i < clients; i++) {
            load.clients.submit(() -> {
                while (load.running.get() && load.succeeded.get() + load.failures.size() < maxRequests) {
                    try {
                        HttpResponse<Void> response = load.http.send(request, HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() == 200) {
                            load.succeeded.incrementAndGet();
                        } else {
                            load.failures.add("HTTP " + response.statusCode());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (Exception e) {
                        load.failures.add(e.toString());
                    }
                }
            });
        }
        return load;
    }

    long succeeded() {
        return succeeded.get();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Waits until {@code count} more requests succeeded (or failed), so the load demonstrably runs across an event. */
    void awaitMore(long count) {
        long target = succeeded.get() + failures.size() + count;
        while (succeeded.get() + failures.size() < target && running.get()) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        running.set(false);
        clients.shutdown();
        try {
            if (!clients.awaitTermination(60, TimeUnit.SECONDS)) {
                clients.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
