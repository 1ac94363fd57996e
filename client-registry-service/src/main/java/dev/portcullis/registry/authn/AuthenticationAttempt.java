package dev.portcullis.registry.authn;

/**
 * The outcome of one client authentication, fired as a CDI event for metrics. Carries the
 * method, never the credential.
 *
 * @param method the presented {@code token_endpoint_auth_method}, or {@code unknown}
 */
public record AuthenticationAttempt(String method, boolean authenticated) {
}
