package dev.portcullis.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Redis servers a stack started with {@code PC_REDIS_TOPOLOGY} runs on
 * ({@code deploy/local/redis.sh}: ports picked free at run time, recorded in
 * {@code topology.env}), seen through {@code redis-cli}: which node is primary, whether the
 * replica has everything, and a crash of one server.
 */
final class RedisServers {
    private final Path dir;
    private final Map<String, String> topology;

    RedisServers(LocalStack stack) {
        this.dir = stack.redisDir();
        this.topology = stack.redisTopology();
    }

    /** The data nodes: the cluster's masters, or the primary and the replica as first started. */
    List<Integer> nodePorts() {
        return ports("PC_REDIS_NODE_PORTS");
    }

    List<Integer> sentinelPorts() {
        return ports("PC_REDIS_SENTINEL_PORTS");
    }

    /** The primary the sentinels name now ({@code SENTINEL get-master-addr-by-name}). */
    int primaryPort() {
        String[] address = cli(sentinelPorts().get(0), "sentinel", "get-master-addr-by-name",
                topology.get("PORTCULLIS_REDIS_MASTER_NAME")).split("\n");
        return Integer.parseInt(address[address.length - 1].strip());
    }

    /** True when every replica of the primary has acknowledged its whole replication stream. */
    boolean replicasCaughtUp(int primary) {
        String info = cli(primary, "info", "replication");
        long offset = Long.parseLong(field(info, "master_repl_offset"));
        int replicas = Integer.parseInt(field(info, "connected_slaves"));
        if (replicas == 0) {
            return false;
        }
        for (int i = 0; i < replicas; i++) {
            if (!field(info, "slave" + i).contains("offset=" + offset + ",")) {
                return false;
            }
        }
        return true;
    }

    /** Keys held by one node ({@code DBSIZE}). */
    long keyCount(int port) {
        return Long.parseLong(cli(port, "dbsize"));
    }

    /** Drops every cached Lua script of one node, as a restart or a new node would. */
    void flushScripts(int port) {
        cli(port, "script", "flush");
    }

    /** Kills the server with SIGKILL, as a crash or a lost machine would: no shutdown, no last write. */
    void crash(int port) {
        Path pidFile = dir.resolve("node-" + port).resolve("redis.pid");
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            // Redis sets its process title ("redis-server 127.0.0.1:<port>"): a reused pid is not taken for it.
            String title = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8);
            ProcessHandle process = ProcessHandle.of(pid).filter(p -> title.contains("127.0.0.1:" + port))
                    .orElseThrow(() -> new IllegalStateException("no Redis on port " + port + " with pid " + pid));
            process.destroyForcibly();
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot kill the Redis on port " + port, e);
        }
    }

    /** redis-cli's answer, trimmed; fails when it exits non-zero or Redis answers an error. */
    String cli(int port, String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        command.addAll(Arrays.asList(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0 || out.startsWith("ERR")
                    || out.startsWith("Could not connect")) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<Integer> ports(String name) {
        String value = topology.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("No " + name + " in " + dir.resolve("topology.env"));
        }
        return Arrays.stream(value.split(",")).map(String::strip).map(Integer::valueOf).toList();
    }

    private static String field(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).strip();
            }
        }
        throw new IllegalStateException("No " + name + " in INFO: " + info);
    }
}
