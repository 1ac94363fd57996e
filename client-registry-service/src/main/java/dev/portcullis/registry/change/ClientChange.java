package dev.portcullis.registry.change;

import dev.portcullis.proto.records.v1.ClientChangeNotice;

/**
 * A committed change to a client: fired as a CDI event for the audit log and published on
 * Redis as a {@link ClientChangeNotice} so every cache of client records drops the entry.
 *
 * @param actor who made the change: {@code admin} or {@code registration} (RFC 7591/7592)
 * @param detail what changed in a few words (never a secret)
 */
public record ClientChange(String clientId, ClientChangeNotice.Change kind, String actor, String detail,
        long changedAt) {

    public static ClientChange of(String clientId, ClientChangeNotice.Change kind, String actor, String detail) {
        return new ClientChange(clientId, kind, actor, detail, java.time.Instant.now().getEpochSecond());
    }

    public ClientChangeNotice toNotice() {
        return ClientChangeNotice.newBuilder().setClientId(clientId).setChange(kind).setChangedAt(changedAt).build();
    }
}
