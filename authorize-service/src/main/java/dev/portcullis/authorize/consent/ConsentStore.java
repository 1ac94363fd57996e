package dev.portcullis.authorize.consent;

import dev.portcullis.contract.oauth.Scope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Remembered consents (OIDC Core §3.1.2.4): per user and client, the union of the scopes the
 * user allowed. A request whose scope is within it skips the consent page.
 */
@ApplicationScoped
public final class ConsentStore {
    /** A remembered consent, as the admin API shows it. */
    public record Consent(@com.fasterxml.jackson.annotation.JsonProperty("client_id") String clientId,
            @com.fasterxml.jackson.annotation.JsonProperty("scope") String scope,
            @com.fasterxml.jackson.annotation.JsonProperty("granted_at") java.time.OffsetDateTime grantedAt) {
    }

    private final Pool pool;

    public ConsentStore(Pool pool) {
        this.pool = pool;
    }

    /** True when the user already allowed every scope of {@code requested} to the client. */
    public Uni<Boolean> covers(String subject, String clientId, Scope requested) {
        return pool.preparedQuery("SELECT scope FROM authorize.consents WHERE subject = $1 AND client_id = $2")
                .execute(Tuple.of(subject, clientId))
                .map(rows -> {
                    for (Row row : rows) {
                        return requested.isSubsetOf(Scope.parse(row.getString("scope")));
                    }
                    return false;
                });
    }

    /** Adds {@code granted} to what the user allowed the client. */
    public Uni<Void> remember(String subject, String clientId, Scope granted) {
        return pool.preparedQuery("SELECT scope FROM authorize.consents WHERE subject = $1 AND client_id = $2")
                .execute(Tuple.of(subject, clientId))
                .chain(rows -> {
                    java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>();
                    for (Row row : rows) {
                        all.addAll(Scope.parse(row.getString("scope")).tokens());
                    }
                    all.addAll(granted.tokens());
                    return pool.preparedQuery("INSERT INTO authorize.consents (subject, client_id, scope, granted_at) "
                            + "VALUES ($1, $2, $3, now()) ON CONFLICT (subject, client_id) "
                            + "DO UPDATE SET scope = EXCLUDED.scope, granted_at = now()")
                            .execute(Tuple.of(subject, clientId, String.join(" ", all)));
                })
                .replaceWithVoid();
    }

    /** The user's remembered consents. */
    public Uni<List<Consent>> list(String subject) {
        return pool.preparedQuery("SELECT client_id, scope, granted_at FROM authorize.consents WHERE subject = $1 ORDER BY client_id")
                .execute(Tuple.of(subject))
                .map(rows -> {
                    List<Consent> out = new ArrayList<>();
                    for (Row row : rows) {
                        out.add(new Consent(row.getString("client_id"), row.getString("scope"), row.getOffsetDateTime("granted_at")));
                    }
                    return out;
                });
    }

    /** Withdraws the consent to one client; true when there was one. */
    public Uni<Boolean> withdraw(String subject, String clientId) {
        return pool.preparedQuery("DELETE FROM authorize.consents WHERE subject = $1 AND client_id = $2")
                .execute(Tuple.of(subject, clientId))
                .map(r -> r.rowCount() > 0);
    }
}
