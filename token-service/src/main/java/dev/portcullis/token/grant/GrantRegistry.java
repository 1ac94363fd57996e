package dev.portcullis.token.grant;

import dev.portcullis.contract.oauth.OAuthError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Every {@link TokenGrant} bean, by {@code grant_type} value. */
@ApplicationScoped
public class GrantRegistry {
    private final Map<String, TokenGrant> grants = new TreeMap<>();

    public GrantRegistry(Instance<TokenGrant> beans) {
        for (TokenGrant g : beans) {
            if (grants.put(g.type().value(), g) != null) {
                throw new IllegalStateException("Two grants answer " + g.type().value());
            }
        }
    }

    /** @throws dev.portcullis.contract.oauth.OAuthException unsupported_grant_type (RFC 6749 §5.2) */
    public TokenGrant find(String grantType) {
        TokenGrant g = grants.get(grantType);
        if (g == null) {
            throw OAuthError.UNSUPPORTED_GRANT_TYPE.exception("Unsupported grant_type");
        }
        return g;
    }

    /** The grant_type values this service serves, sorted. */
    public Set<String> supported() {
        return grants.keySet();
    }
}
