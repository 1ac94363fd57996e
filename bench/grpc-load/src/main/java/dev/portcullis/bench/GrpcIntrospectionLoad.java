package dev.portcullis.bench;

import dev.portcullis.proto.introspection.v1.IntrospectRequest;
import dev.portcullis.proto.introspection.v1.IntrospectResponse;
import dev.portcullis.proto.introspection.v1.TokenIntrospectionGrpc;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Closed-loop load on the TokenIntrospection gRPC service: {@code --concurrency} requests are
 * always outstanding, spread over {@code --channels} HTTP/2 connections, each one sent as soon
 * as the previous one of its slot is answered. {@code --mode unary} makes one call per request,
 * {@code --mode stream} keeps one IntrospectStream per slot and sends the next request on it.
 * The caller authenticates with {@code authorization: Basic ...} metadata; every token in the
 * pool is valid, so an answer with {@code active=false} or any error status counts as bad.
 *
 * <pre>
 * java -cp ... dev.portcullis.bench.GrpcIntrospectionLoad --target 127.0.0.1:8083 --basic BASE64
 *   --tokens tokens.txt --mode unary --concurrency 16 --channels 2 --warmup 3 --duration 12
 *   --pids server-pids.txt
 * </pre>
 */
public final class GrpcIntrospectionLoad {
    private final List<IntrospectRequest> requests = new ArrayList<>();
    private final Histogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(30), 3);
    private final LongAdder completed = new LongAdder();
    private final LongAdder bad = new LongAdder();
    private volatile boolean measuring;
    private volatile boolean stopping;
    private volatile long measureStart;

    public static void main(String[] argv) throws Exception {
        new GrpcIntrospectionLoad().run(new LoadArgs(argv));
    }

    private void run(LoadArgs args) throws Exception {
        int i = 0;
        for (String token : Files.readAllLines(Path.of(args.get("tokens")))) {
            if (!token.isBlank()) {
                requests.add(IntrospectRequest.newBuilder().setToken(token.trim())
                    .setTokenTypeHint("access_token").setRequestId(Integer.toString(i++)).build());
            }
        }
        String[] target = args.get("target").split(":");
        Metadata metadata = new Metadata();
        metadata.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Basic " + args.get("basic"));
        int channelCount = args.integer("channels", 2);
        List<ManagedChannel> channels = new ArrayList<>();
        List<TokenIntrospectionGrpc.TokenIntrospectionStub> stubs = new ArrayList<>();
        for (int c = 0; c < channelCount; c++) {
            ManagedChannel channel = NettyChannelBuilder.forAddress(target[0], Integer.parseInt(target[1]))
                .usePlaintext().directExecutor().build();
            channels.add(channel);
            stubs.add(TokenIntrospectionGrpc.newStub(
                ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(metadata))));
        }
        ProcessCpu cpu = new ProcessCpu(args.get("pids", ""));
        int concurrency = args.integer("concurrency", 16);
        boolean stream = "stream".equals(args.get("mode", "unary"));
        CountDownLatch done = new CountDownLatch(concurrency);
        for (int s = 0; s < concurrency; s++) {
            TokenIntrospectionGrpc.TokenIntrospectionStub stub = stubs.get(s % channelCount);
            if (stream) {
                new StreamSlot(stub, s, done).start();
            } else {
                new UnarySlot(stub, s, done).fire();
            }
        }
        Thread.sleep(TimeUnit.SECONDS.toMillis(args.integer("warmup", 3)));
        long[] cpuBefore = cpu.snapshot();
        long completedBefore = completed.sum();
        long badBefore = bad.sum();
        measureStart = System.nanoTime();
        measuring = true;
        Thread.sleep(TimeUnit.SECONDS.toMillis(args.integer("duration", 12)));
        measuring = false;
        long measureEnd = System.nanoTime();
        long[] cpuAfter = cpu.snapshot();
        long requestsDone = completed.sum() - completedBefore;
        long badDone = bad.sum() - badBefore;
        stopping = true;
        done.await(10, TimeUnit.SECONDS);
        for (ManagedChannel channel : channels) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        double seconds = (measureEnd - measureStart) / 1e9;
        System.out.println(new LoadResult(requestsDone, requestsDone, badDone, seconds, latency,
            ProcessCpu.secondsBetween(cpuBefore, cpuAfter)).json());
    }

    private IntrospectRequest request(int slot, long n) {
        return requests.get((int) ((slot * 7919L + n) % requests.size()));
    }

    private void record(long sentAt, boolean ok) {
        completed.increment();
        if (!ok) {
            bad.increment();
        }
        if (measuring && sentAt >= measureStart) {
            latency.recordValue(System.nanoTime() - sentAt);
        }
    }

    /** One outstanding unary call at a time; the next is sent from the previous one's callback. */
    private final class UnarySlot implements StreamObserver<IntrospectResponse> {
        private final TokenIntrospectionGrpc.TokenIntrospectionStub stub;
        private final int slot;
        private final CountDownLatch done;
        private long sent;
        private long sentAt;
        private boolean ok;

        UnarySlot(TokenIntrospectionGrpc.TokenIntrospectionStub stub, int slot, CountDownLatch done) {
            this.stub = stub;
            this.slot = slot;
            this.done = done;
        }

        void fire() {
            ok = false;
            sentAt = System.nanoTime();
            stub.introspect(request(slot, sent++), this);
        }

        @Override
        public void onNext(IntrospectResponse response) {
            ok = response.getActive();
        }

        @Override
        public void onError(Throwable t) {
            finish(false);
        }

        @Override
        public void onCompleted() {
            finish(ok);
        }

        private void finish(boolean success) {
            record(sentAt, success);
            if (stopping) {
                done.countDown();
            } else {
                fire();
            }
        }
    }

    /** One IntrospectStream; the next request goes out when the previous answer arrives. */
    private final class StreamSlot implements StreamObserver<IntrospectResponse> {
        private final TokenIntrospectionGrpc.TokenIntrospectionStub stub;
        private final int slot;
        private final CountDownLatch done;
        private StreamObserver<IntrospectRequest> out;
        private long sent;
        private long sentAt;

        StreamSlot(TokenIntrospectionGrpc.TokenIntrospectionStub stub, int slot, CountDownLatch done) {
            this.stub = stub;
            this.slot = slot;
            this.done = done;
        }

        void start() {
            out = stub.introspectStream(this);
            send();
        }

        private void send() {
            sentAt = System.nanoTime();
            out.onNext(request(slot, sent++));
        }

        @Override
        public void onNext(IntrospectResponse response) {
            record(sentAt, response.getActive());
            if (stopping) {
                out.onCompleted();
            } else {
                send();
            }
        }

        @Override
        public void onError(Throwable t) {
            record(sentAt, false);
            if (stopping) {
                done.countDown();
            } else {
                start(); // the stream died: count the loss and open a new one
            }
        }

        @Override
        public void onCompleted() {
            done.countDown();
        }
    }
}
