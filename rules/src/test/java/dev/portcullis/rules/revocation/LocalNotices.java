package dev.portcullis.rules.revocation;

import dev.portcullis.proto.records.v1.RevocationNotice;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Observes the notices {@link RevocationNotices} fires as CDI events, as a service's token cache does. */
@ApplicationScoped
public class LocalNotices {
    private final Queue<RevocationNotice> seen = new ConcurrentLinkedQueue<>();

    void onRevocation(@Observes RevocationNotice notice) {
        seen.add(notice);
    }

    List<RevocationNotice> all() {
        return List.copyOf(seen);
    }
}
