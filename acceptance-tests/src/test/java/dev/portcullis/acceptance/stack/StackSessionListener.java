package dev.portcullis.acceptance.stack;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the stack with {@code deploy/local/down.sh} when the JUnit session of this JVM ends, so
 * one test run starts and stops it exactly once. Registered in
 * {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}.
 */
public final class StackSessionListener implements LauncherSessionListener {
    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if ("up".equals(System.getProperty(PortcullisStack.STATE_PROPERTY))) {
            PortcullisStack.stop(StackSettings.fromEnvironment());
        }
    }
}
