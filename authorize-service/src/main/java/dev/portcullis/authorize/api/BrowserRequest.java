package dev.portcullis.authorize.api;

import dev.portcullis.authorize.session.BrowserSession;
import dev.portcullis.authorize.session.SessionStore;
import dev.portcullis.authorize.session.SignedIn;
import dev.portcullis.authorize.user.UserStore;
import dev.portcullis.authorize.web.BrowserCookies;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Optional;

/** Reads this service's cookies from a request, and the browser's session if it is still good. */
@ApplicationScoped
public final class BrowserRequest {
    private final BrowserCookies cookies;
    private final SessionStore sessions;
    private final UserStore users;

    public BrowserRequest(BrowserCookies cookies, SessionStore sessions, UserStore users) {
        this.cookies = cookies;
        this.sessions = sessions;
        this.users = users;
    }

    /** The session of the request and its user, unless it ended, expired, or its user was disabled or deleted since. */
    public Uni<Optional<SignedIn>> session(HttpHeaders headers) {
        return sessions.find(sessionCookie(headers)).chain(s -> s.isEmpty()
                ? Uni.createFrom().item(Optional.<SignedIn>empty())
                : users.bySubject(s.get().subject()).map(u -> u.filter(x -> x.enabled).map(x -> new SignedIn(s.get(), x))));
    }

    public String sessionCookie(HttpHeaders headers) {
        return value(headers, cookies.sessionName());
    }

    public String csrfCookie(HttpHeaders headers) {
        return value(headers, cookies.csrfName());
    }

    private static String value(HttpHeaders headers, String name) {
        Cookie c = headers.getCookies().get(name);
        return c == null ? null : c.getValue();
    }
}
