package dev.portcullis.authorize.request;

/**
 * Where and how an authorization response goes once the redirect URI is trusted: the exact
 * registered URI, the response mode (query, fragment or form_post) and the {@code state} to echo.
 */
public record RedirectTarget(String redirectUri, ResponseMode mode, String state) {
}
