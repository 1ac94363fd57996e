package dev.portcullis.authorize.session;

import dev.portcullis.authorize.user.User;

/**
 * A browser session together with its user, read and found enabled while handling this request:
 * what the authorization endpoint needs to issue a code, including the ID token claims it
 * carries (OIDC Core §5.4), without reading the user a second time.
 */
public record SignedIn(BrowserSession session, User user) {
    public String subject() {
        return session.subject();
    }
}
