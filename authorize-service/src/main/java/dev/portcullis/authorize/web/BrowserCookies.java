package dev.portcullis.authorize.web;

import dev.portcullis.authorize.config.AuthorizeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;

/**
 * The cookies this service sets: {@code HttpOnly}, {@code SameSite=Lax}, {@code Secure} unless
 * configured off for plain-http local runs, path {@code /}. They carry only random ids.
 */
@ApplicationScoped
public final class BrowserCookies {
    private final AuthorizeConfig.Cookie config;
    private final AuthorizeConfig all;

    public BrowserCookies(AuthorizeConfig config) {
        this.all = config;
        this.config = config.cookie();
    }

    public String sessionName() {
        return config.sessionName();
    }

    public String csrfName() {
        return config.csrfName();
    }

    public NewCookie session(String value) {
        return cookie(config.sessionName(), value, (int) all.sessionTtl().toSeconds());
    }

    public NewCookie endSession() {
        return cookie(config.sessionName(), "", 0);
    }

    public NewCookie csrf(String value) {
        return cookie(config.csrfName(), value, -1);
    }

    private NewCookie cookie(String name, String value, int maxAge) {
        return new NewCookie.Builder(name).value(value).path("/").httpOnly(true).secure(config.secure())
                .sameSite(NewCookie.SameSite.LAX).maxAge(maxAge).build();
    }
}
