package dev.portcullis.token;

import dev.portcullis.testing.TestIssuerResource;
import io.quarkus.test.common.QuarkusTestResource;

/**
 * Every test of this module verifies admin access tokens against {@link dev.portcullis.testing.TestIssuer},
 * so a test states the admin scopes it holds; the e2e tests use tokens this service issued.
 */
@QuarkusTestResource(TestIssuerResource.class)
final class TestIssuerForAllTests {
    private TestIssuerForAllTests() {
    }
}
