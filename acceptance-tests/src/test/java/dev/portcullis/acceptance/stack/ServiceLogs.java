package dev.portcullis.acceptance.stack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The services' logs under {@code $PC_RUN_DIR/logs/*.log}, read so that a failed scenario can show
 * what the services wrote while it ran ({@link #mark()} before, {@link #since(Map, int)} after).
 */
public final class ServiceLogs {
    private final Path directory;

    public ServiceLogs(Path directory) {
        this.directory = directory;
    }

    /** The current size of every log file, to read only what is written after this point. */
    public Map<Path, Long> mark() {
        Map<Path, Long> sizes = new HashMap<>();
        for (Path log : files()) {
            try {
                sizes.put(log, Files.size(log));
            } catch (IOException e) {
                sizes.put(log, 0L);
            }
        }
        return sizes;
    }

    /**
     * What each log gained since {@code mark}, plus {@code context} lines written just before it,
     * at most {@code maxLines} lines per file (the last ones).
     */
    public String since(Map<Path, Long> mark, int maxLines) {
        StringBuilder out = new StringBuilder();
        for (Path log : files()) {
            long from = mark.getOrDefault(log, 0L);
            List<String> lines = readFrom(log, from);
            out.append("----- ").append(log.getFileName()).append(" (").append(lines.size())
                    .append(" lines during the scenario) -----\n");
            int start = Math.max(0, lines.size() - maxLines);
            if (start > 0) {
                out.append("  ... ").append(start).append(" earlier lines left out\n");
            }
            lines.subList(start, lines.size()).forEach(line -> out.append(line).append('\n'));
        }
        return out.length() == 0 ? "(no service logs under " + directory + ")\n" : out.toString();
    }

    /** The last {@code lines} lines of every log. */
    public String tailAll(int lines) {
        Map<Path, Long> fromStart = new HashMap<>();
        files().forEach(f -> fromStart.put(f, 0L));
        return since(fromStart, lines);
    }

    private List<Path> files() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(directory)) {
            return list.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static List<String> readFrom(Path log, long offset) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            long start = offset > length ? 0 : offset;
            // Keep the read bounded: the end of a long log is what explains a failure.
            start = Math.max(start, length - 256 * 1024);
            byte[] bytes = new byte[(int) (length - start)];
            file.seek(start);
            file.readFully(bytes);
            return new ArrayList<>(Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\n", -1)))
                    .stream().filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            return List.of("(cannot read " + log + ": " + e.getMessage() + ")");
        }
    }
}
