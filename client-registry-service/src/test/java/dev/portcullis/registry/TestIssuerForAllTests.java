package dev.portcullis.registry;

import dev.portcullis.testing.TestIssuerResource;
import io.quarkus.test.common.QuarkusTestResource;

/**
 * Every test of this module verifies admin access tokens against {@link dev.portcullis.testing.TestIssuer}:
 * token-service comes later in the build, so cannot be started here.
 */
@QuarkusTestResource(TestIssuerResource.class)
final class TestIssuerForAllTests {
    private TestIssuerForAllTests() {
    }
}
