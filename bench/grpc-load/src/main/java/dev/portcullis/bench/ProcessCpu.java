package dev.portcullis.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time (user + system, proc(5) fields 14 and 15) of the server processes listed one pid a
 * line in a file, read at the edges of the measured window so the generator's own warm-up is
 * left out. A pid that is gone by the end counts what it had at the start.
 */
final class ProcessCpu {
    private static final double TICKS_PER_SECOND = 100.0; // CLK_TCK on Linux x86-64

    private final List<Long> pids = new ArrayList<>();

    ProcessCpu(String pidFile) throws IOException {
        if (pidFile != null && !pidFile.isEmpty()) {
            for (String line : Files.readAllLines(Path.of(pidFile))) {
                if (!line.isBlank()) {
                    pids.add(Long.parseLong(line.trim()));
                }
            }
        }
    }

    /** Sum of utime + stime in clock ticks, one entry per pid (-1 when unreadable). */
    long[] snapshot() {
        long[] ticks = new long[pids.size()];
        for (int i = 0; i < ticks.length; i++) {
            ticks[i] = ticksOf(pids.get(i));
        }
        return ticks;
    }

    static double secondsBetween(long[] before, long[] after) {
        long sum = 0;
        for (int i = 0; i < before.length; i++) {
            if (before[i] >= 0 && after[i] >= 0) {
                sum += after[i] - before[i];
            }
        }
        return sum / TICKS_PER_SECOND;
    }

    private static long ticksOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": f[0] is field 3 (state), so field 14 is f[11], 15 is f[12]
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
