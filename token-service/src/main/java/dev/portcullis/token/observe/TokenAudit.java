package dev.portcullis.token.observe;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** The audit log (category {@code audit}): one line per issuance or refusal, never a token or secret. */
@ApplicationScoped
public class TokenAudit {
    private static final Logger AUDIT = Logger.getLogger("audit");

    void on(@Observes TokenOutcome outcome) {
        if (outcome.issued()) {
            AUDIT.infof("token.issued grant_type=%s client_id=%s", outcome.grantType(), outcome.clientId());
        } else {
            AUDIT.infof("token.refused grant_type=%s client_id=%s error=%s", outcome.grantType(),
                    outcome.clientId(), outcome.error());
        }
    }
}
