package dev.portcullis.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points the service under test at {@link TestIssuer}'s key set ({@code portcullis.jwks-url}),
 * so the access tokens it signs verify there. Apply it to every test of a module with a class
 * annotated {@code @QuarkusTestResource(TestIssuerResource.class)}.
 */
public final class TestIssuerResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        return Map.of("portcullis.jwks-url", TestIssuer.get().jwksUrl());
    }

    @Override
    public void stop() {
        // The issuer lives as long as the test JVM: other resources may still hand out its tokens.
    }
}
