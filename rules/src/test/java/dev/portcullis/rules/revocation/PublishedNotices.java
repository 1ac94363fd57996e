package dev.portcullis.rules.revocation;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.portcullis.contract.RedisKeys;
import dev.portcullis.proto.records.v1.RevocationNotice;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.pubsub.PubSubCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The notices published on {@link RedisKeys#REVOCATION_CHANNEL} while it is open, as another replica hears them. */
final class PublishedNotices implements AutoCloseable {
    private final LinkedBlockingQueue<RevocationNotice> received = new LinkedBlockingQueue<>();
    private final List<RevocationNotice> seen = new ArrayList<>();
    private final PubSubCommands.RedisSubscriber subscriber;

    PublishedNotices(RedisDataSource redis) {
        this.subscriber = redis.pubsub(byte[].class).subscribe(RedisKeys.REVOCATION_CHANNEL, bytes -> {
            try {
                received.add(RevocationNotice.parseFrom(bytes));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /**
     * Every notice received until one matching {@code last} arrives (other test runs share the
     * channel, so callers filter by their own ids); fails after 10 s without it.
     */
    List<RevocationNotice> until(Predicate<RevocationNotice> last) throws InterruptedException {
        for (RevocationNotice n = received.poll(10, TimeUnit.SECONDS); n != null; n = received.poll(10, TimeUnit.SECONDS)) {
            seen.add(n);
            if (last.test(n)) {
                return List.copyOf(seen);
            }
        }
        throw new AssertionError("notice not published within 10 s; received " + seen);
    }

    @Override
    public void close() {
        subscriber.unsubscribe();
    }
}
