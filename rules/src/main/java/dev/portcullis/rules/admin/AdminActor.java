package dev.portcullis.rules.admin;

import java.util.Set;

/**
 * Who made an admin call, from the access token they presented: the {@code sub} (a person, or
 * the client itself for {@code client_credentials}, RFC 9068 §2.2) and the {@code client_id}
 * they acted through, with the admin scopes the token carries. Audit records name both.
 *
 * @param subject the token's {@code sub}
 * @param clientId the token's {@code client_id}
 */
public record AdminActor(String subject, String clientId, Set<AdminScope> scopes) {
    public AdminActor {
        scopes = Set.copyOf(scopes);
    }

    /** Whether the token holds every one of {@code needed}. */
    public boolean holdsAll(Set<AdminScope> needed) {
        return scopes.containsAll(needed);
    }

    @Override
    public String toString() {
        return "sub=" + subject + " client_id=" + clientId;
    }
}
