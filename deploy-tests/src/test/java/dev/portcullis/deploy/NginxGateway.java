package dev.portcullis.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real nginx in front of service replicas, configured like the public gateway (the local
 * runner's nginx and the Ingress controller): round robin over the replicas, passive failover
 * ({@code proxy_next_upstream error timeout http_502 http_503}, a replica that fails is skipped
 * for a while), keep-alive connections upstream. Its access log records which replica answered.
 */
final class NginxGateway implements AutoCloseable {
    private final Process process;
    private final Path dir;
    private final int port;

    private NginxGateway(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    static NginxGateway start(List<Integer> upstreamPorts) {
        Path nginx = binary();
        Path dir = Path.of("target/nginx-" + UUID.randomUUID()).toAbsolutePath();
        int port = freePort();
        String servers = upstreamPorts.stream()
                .map(p -> "    server 127.0.0.1:" + p + " max_fails=1 fail_timeout=10s;")
                .collect(Collectors.joining("\n"));
        String conf = """
                daemon off;
                worker_processes 1;
                error_log "%1$s/error.log" warn;
                pid "%1$s/nginx.pid";
                events { worker_connections 1024; }
                http {
                  log_format upstream '$status $upstream_addr $upstream_status $request';
                  access_log "%1$s/access.log" upstream;
                  client_body_temp_path "%1$s/tmp/client_body";
                  proxy_temp_path "%1$s/tmp/proxy";
                  fastcgi_temp_path "%1$s/tmp/fastcgi";
                  uwsgi_temp_path "%1$s/tmp/uwsgi";
                  scgi_temp_path "%1$s/tmp/scgi";
                  proxy_max_temp_file_size 0;
                  upstream replicas {
                %2$s
                    keepalive 16;
                  }
                  server {
                    listen 127.0.0.1:%3$d;
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                    proxy_connect_timeout 2s;
                    proxy_next_upstream error timeout http_502 http_503;
                    proxy_next_upstream_tries 3;
                    location / { proxy_pass http://replicas; }
                  }
                }
                """.formatted(dir, servers, port);
        try {
            Files.createDirectories(dir.resolve("tmp"));
            Files.writeString(dir.resolve("nginx.conf"), conf);
            Process p = new ProcessBuilder(nginx.toString(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
            NginxGateway gateway = new NginxGateway(p, dir, port);
            gateway.awaitListening();
            return gateway;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** How many answers each upstream address gave (from the access log; a retried request counts for each replica it tried). */
    Map<String, Long> answersByReplica() {
        try (Stream<String> lines = Files.lines(dir.resolve("access.log"))) {
            return lines.map(l -> l.split(" ")[1]).flatMap(a -> Stream.of(a.split(",\\s*")))
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited: " + read(dir.resolve("nginx.out")) + read(dir.resolve("error.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        close();
        throw new IllegalStateException("nginx did not listen on " + port + ": " + read(dir.resolve("error.log")));
    }

    private static Path binary() {
        return Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)),
                        Stream.of("/usr/sbin", "/usr/local/sbin", "/usr/local/nginx/sbin"))
                .filter(d -> !d.isBlank()).map(d -> Path.of(d, "nginx")).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new AssertionError("nginx is needed for the gateway in front of the replicas and was not "
                        + "found. Install it: `apt-get install -y nginx` (deploy/local/up.sh installs it too)."));
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
