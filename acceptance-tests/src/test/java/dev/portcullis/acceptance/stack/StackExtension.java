package dev.portcullis.acceptance.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Makes sure the stack runs before a scenario class, and when a scenario fails prints which one
 * it was and what every service logged while it ran.
 */
public final class StackExtension implements BeforeAllCallback, BeforeEachCallback, TestWatcher {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StackExtension.class);
    private static final int MAX_LOG_LINES_PER_SERVICE = 80;

    @Override
    public void beforeAll(ExtensionContext context) {
        PortcullisStack.get();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put("mark", PortcullisStack.get().logs().mark());
    }

    @Override
    @SuppressWarnings("unchecked")
    public void testFailed(ExtensionContext context, Throwable cause) {
        Map<Path, Long> mark = context.getStore(NAMESPACE).get("mark", Map.class);
        ServiceLogs logs = new ServiceLogs(StackSettings.fromEnvironment().logDirectory());
        String report = "\n==================== SCENARIO FAILED: " + scenarioName(context) + " ====================\n"
                + "cause: " + cause + "\n"
                + "service logs while it ran:\n"
                + (mark == null ? logs.tailAll(MAX_LOG_LINES_PER_SERVICE) : logs.since(mark, MAX_LOG_LINES_PER_SERVICE))
                + "==================== END OF " + scenarioName(context) + " ====================\n";
        System.err.println(report);
    }

    /** "Class > Nested > method display name", the way a person would look the scenario up. */
    static String scenarioName(ExtensionContext context) {
        List<String> parts = new ArrayList<>();
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent() && c.get().getParent().isPresent();
                c = c.get().getParent()) {
            parts.add(c.get().getDisplayName());
        }
        Collections.reverse(parts);
        return String.join(" > ", parts);
    }
}
