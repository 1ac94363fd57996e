package dev.portcullis.token.issue;

import dev.portcullis.proto.client.v1.Client;
import dev.portcullis.token.config.TokenConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Lifetimes per client ({@code access_token_ttl}, {@code id_token_ttl}, {@code refresh_token_ttl})
 * with the configured defaults. Signed tokens never outlive {@code oauth.token.max-token-lifetime},
 * which is how long a retired key stays published.
 */
@ApplicationScoped
public class TokenLifetimes {
    private final TokenConfig config;

    public TokenLifetimes(TokenConfig config) {
        this.config = config;
    }

    public Duration accessToken(Client client) {
        return signed(client.getAccessTokenTtlSeconds(), config.accessToken().defaultTtl());
    }

    public Duration idToken(Client client) {
        return signed(client.getIdTokenTtlSeconds(), config.idToken().defaultTtl());
    }

    public Duration refreshToken(Client client) {
        long s = client.getRefreshTokenTtlSeconds();
        return s > 0 ? Duration.ofSeconds(s) : config.refreshToken().defaultTtl();
    }

    public Duration refreshFamily() {
        return config.refreshToken().familyLifetime();
    }

    private Duration signed(long clientSeconds, Duration fallback) {
        Duration d = clientSeconds > 0 ? Duration.ofSeconds(clientSeconds) : fallback;
        return d.compareTo(config.maxTokenLifetime()) > 0 ? config.maxTokenLifetime() : d;
    }
}
