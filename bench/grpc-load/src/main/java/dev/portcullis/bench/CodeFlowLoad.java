package dev.portcullis.bench;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The authorization code flow with PKCE (RFC 6749 §4.1, RFC 7636) as a browser and a
 * confidential client do it ({@link CodeFlow}), closed loop, one virtual user per
 * {@code --concurrency} slot.
 * <ul>
 *   <li>{@code --mode login}: a fresh browser each time: {@code GET /authorize}, follow
 *       redirects, fill the form that has a password field with the slot's user from
 *       {@code --users} ({@code username:password} lines), submit any consent form that follows,
 *       then redeem the code. Prints one {@link LoadResult} line for the measured window.</li>
 *   <li>{@code --mode prime}: logs each user in once and writes the session cookies (and
 *       refresh tokens) for the wrk scenarios ({@link SessionPriming}).</li>
 * </ul>
 * Latency is per whole flow; requests counts every HTTP request. Anything unexpected counts
 * as bad and the slot starts a new flow.
 */
public final class CodeFlowLoad {
    private final Histogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(60), 3);
    private final LongAdder requests = new LongAdder();
    private final LongAdder flows = new LongAdder();
    private final LongAdder bad = new LongAdder();
    private final CodeFlow flow;
    private volatile boolean measuring;
    private volatile boolean stopping;
    private volatile long measureStart;
    private volatile String lastProblem = "";

    private CodeFlowLoad(LoadArgs args, HttpClient http) {
        this.flow = new CodeFlow(args, http, requests);
    }

    public static void main(String[] argv) throws Exception {
        LoadArgs args = new LoadArgs(argv);
        HttpClient http = Browser.newHttpClient();
        switch (args.get("mode")) {
            case "prime" -> new SessionPriming(new CodeFlow(args, http, new LongAdder())).run(args);
            case "login" -> new CodeFlowLoad(args, http).run(args);
            default -> throw new IllegalArgumentException("--mode must be login or prime, not " + args.get("mode"));
        }
    }

    private void run(LoadArgs args) throws Exception {
        List<String> slotsData = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args.get("users")))) {
            if (!line.isBlank()) {
                slotsData.add(line.trim());
            }
        }
        int concurrency = args.integer("concurrency", 16);
        ProcessCpu cpu = new ProcessCpu(args.get("pids", ""));
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < concurrency; s++) {
            String data = slotsData.get(s % slotsData.size());
            Thread t = new Thread(() -> slot(data), "vu-" + s);
            t.start();
            threads.add(t);
        }
        Thread.sleep(TimeUnit.SECONDS.toMillis(args.integer("warmup", 3)));
        long[] cpuBefore = cpu.snapshot();
        long requestsBefore = requests.sum();
        long flowsBefore = flows.sum();
        long badBefore = bad.sum();
        measureStart = System.nanoTime();
        measuring = true;
        Thread.sleep(TimeUnit.SECONDS.toMillis(args.integer("duration", 12)));
        measuring = false;
        long measureEnd = System.nanoTime();
        long[] cpuAfter = cpu.snapshot();
        long requestsDone = requests.sum() - requestsBefore;
        long flowsDone = flows.sum() - flowsBefore;
        long badDone = bad.sum() - badBefore;
        stopping = true;
        for (Thread t : threads) {
            t.join(20_000);
        }
        if (badDone > 0) {
            System.err.println("last problem: " + lastProblem);
        }
        System.out.println(new LoadResult(requestsDone, flowsDone, badDone, (measureEnd - measureStart) / 1e9,
            latency, ProcessCpu.secondsBetween(cpuBefore, cpuAfter)).json());
        System.exit(0);
    }

    /** One virtual user: whole flows from a fresh browser, one after the other, until stopped. */
    private void slot(String userLine) {
        int colon = userLine.indexOf(':');
        String user = userLine.substring(0, colon);
        String password = userLine.substring(colon + 1);
        while (!stopping) {
            long start = System.nanoTime();
            try {
                String verifier = flow.newVerifier();
                String code = flow.authorize(flow.newBrowser(), verifier, user, password);
                flow.redeem(code, verifier);
                flows.increment();
                if (measuring && start >= measureStart) {
                    latency.recordValue(System.nanoTime() - start);
                }
            } catch (Exception e) {
                bad.increment();
                lastProblem = e.toString();
            }
        }
    }
}
