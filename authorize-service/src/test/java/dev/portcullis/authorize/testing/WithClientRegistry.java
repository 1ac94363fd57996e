package dev.portcullis.authorize.testing;

/**
 * Name of the property that holds the base URL of the real client-registry-service that the
 * tests start (see the {@code @WithTestResource} on each test class).
 */
public final class WithClientRegistry {
    public static final String URL_PROPERTY = "test.client-registry.url";

    private WithClientRegistry() {
    }
}
