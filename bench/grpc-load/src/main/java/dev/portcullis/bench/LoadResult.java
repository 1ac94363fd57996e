package dev.portcullis.bench;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The one JSON line a load generator prints, with the same fields as bench/lua/common.lua
 * writes for wrk, plus the server CPU seconds of the measured window.
 */
record LoadResult(long requests, long flows, long bad, double seconds, Histogram latencyNanos, double cpuSeconds) {

    String json() {
        return String.format(Locale.ROOT,
            "{\"requests\":%d,\"duration_us\":%d,\"p50_us\":%d,\"p99_us\":%d,\"max_us\":%d,\"bad\":%d,"
                + "\"status_gt399\":0,\"socket_errors\":0,\"flows\":%d,\"cpu_s\":%.3f}",
            requests, (long) (seconds * 1_000_000), latencyNanos.getValueAtPercentile(50) / 1000,
            latencyNanos.getValueAtPercentile(99) / 1000, latencyNanos.getMaxValue() / 1000, bad, flows,
            cpuSeconds);
    }
}
