package dev.portcullis.rules.admin;

import jakarta.enterprise.context.RequestScoped;

/**
 * The {@link AdminActor} of the admin call being handled, set by {@link AdminAccessFilter}
 * before the resource runs, so the resource and its audit record can name who acted.
 */
@RequestScoped
public class AdminCaller {
    private AdminActor actor;

    void set(AdminActor actor) {
        this.actor = actor;
    }

    /** @throws IllegalStateException outside an admin call (a resource not under {@code /admin}) */
    public AdminActor actor() {
        if (actor == null) {
            throw new IllegalStateException("Not an admin call");
        }
        return actor;
    }
}
