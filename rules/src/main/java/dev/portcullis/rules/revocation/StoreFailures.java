package dev.portcullis.rules.revocation;

import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthException;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

/**
 * A revocation that Redis could not store is {@code temporarily_unavailable} (503), never a 500:
 * nothing about the request was wrong, and every step of a revocation can be repeated, so the
 * caller may simply retry.
 */
final class StoreFailures {
    private static final Logger LOG = Logger.getLogger(StoreFailures.class);

    private StoreFailures() {
    }

    static <T> Uni<T> unavailableOnFailure(Uni<T> call) {
        return call.onFailure(t -> !(t instanceof OAuthException)).transform(t -> {
            LOG.warnf("Redis call failed: %s", t.toString());
            return OAuthError.TEMPORARILY_UNAVAILABLE.exception("Token state is unavailable, retry later")
                    .withLogDetail(t.toString());
        });
    }
}
