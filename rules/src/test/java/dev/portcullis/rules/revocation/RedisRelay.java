package dev.portcullis.rules.revocation;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP relay in front of the real Redis (127.0.0.1:6379) that can run an action just before it
 * forwards the next script call ({@code EVAL} or {@code EVALSHA}) naming a given key: a
 * deterministic "another service changed the record meanwhile", between a read and the
 * compare-and-set that follows it. The Redis client named {@code relayed} connects through it;
 * everything else it forwards untouched, byte for byte.
 */
public final class RedisRelay implements QuarkusTestResourceLifecycleManager {
    private static final AtomicReference<Interception> NEXT = new AtomicReference<>();
    private static final List<Socket> SOCKETS = new CopyOnWriteArrayList<>();
    private static volatile ServerSocket server;

    private record Interception(byte[] key, Runnable action) {
    }

    /** Runs {@code action}, once, before the next script call naming {@code key} reaches Redis. */
    public static void beforeNextScriptOn(String key, Runnable action) {
        NEXT.set(new Interception(key.getBytes(StandardCharsets.UTF_8), action));
    }

    /** Forgets an interception that no script call took. */
    public static void clear() {
        NEXT.set(null);
    }

    /** True while an interception waits for its script call. */
    public static boolean pending() {
        return NEXT.get() != null;
    }

    @Override
    public Map<String, String> start() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        daemon(RedisRelay::accept);
        return Map.of("quarkus.redis.relayed.hosts", "redis://127.0.0.1:" + server.getLocalPort());
    }

    @Override
    public void stop() {
        try {
            server.close();
            for (Socket s : SOCKETS) {
                s.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket redis = new Socket(InetAddress.getLoopbackAddress(), 6379);
                SOCKETS.add(client);
                SOCKETS.add(redis);
                daemon(() -> commands(client, redis));
                daemon(() -> copy(redis, client));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Client to Redis, one whole command at a time, so one can be held back while the action runs. */
    private static void commands(Socket from, Socket to) {
        try (InputStream in = new BufferedInputStream(from.getInputStream()); OutputStream out = to.getOutputStream()) {
            Resp resp = new Resp(in);
            for (List<byte[]> command = resp.next(); command != null; command = resp.next()) {
                Interception armed = NEXT.get();
                if (armed != null && isScriptOn(command, armed.key()) && NEXT.compareAndSet(armed, null)) {
                    armed.action().run();
                }
                out.write(resp.raw());
                out.flush();
            }
        } catch (IOException e) {
            closeQuietly(to);
        }
    }

    private static boolean isScriptOn(List<byte[]> command, byte[] key) {
        String name = new String(command.get(0), StandardCharsets.US_ASCII).toUpperCase();
        return name.startsWith("EVAL") && command.stream().anyMatch(arg -> Arrays.equals(arg, key));
    }

    private static void copy(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            closeQuietly(to);
        }
    }

    private static void daemon(Runnable run) {
        Thread t = new Thread(run, "redis-relay");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed by the other direction
        }
    }

    /** Reads RESP requests (arrays of bulk strings, as every client sends them), keeping their bytes. */
    private static final class Resp {
        private final InputStream in;
        private final ByteArrayOutputStream raw = new ByteArrayOutputStream();

        Resp(InputStream in) {
            this.in = in;
        }

        /** The next command's arguments, or null at the end of the stream. */
        List<byte[]> next() throws IOException {
            raw.reset();
            String header = line();
            if (header == null) {
                return null;
            }
            if (header.charAt(0) != '*') {
                throw new IOException("not a RESP array: " + header);
            }
            int count = Integer.parseInt(header.substring(1));
            byte[][] args = new byte[count][];
            for (int i = 0; i < count; i++) {
                String bulk = line();
                if (bulk == null || bulk.charAt(0) != '$') {
                    throw new IOException("not a RESP bulk string");
                }
                args[i] = in.readNBytes(Integer.parseInt(bulk.substring(1)));
                raw.write(args[i]);
                raw.write(in.readNBytes(2));
            }
            return List.of(args);
        }

        byte[] raw() {
            return raw.toByteArray();
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != -1; b = in.read()) {
                raw.write(b);
                if (b == '\n') {
                    return line.toString();
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return null;
        }
    }
}
