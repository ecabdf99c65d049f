package dev.yocto.testkit;

import org.junit.jupiter.api.Assumptions;

/**
 * Skips a test whose external requirement (Docker, Chromium, npm, ...) is missing, with a message
 * naming it, except in CI ({@code CI=true}), where a missing requirement fails the test.
 */
public final class Requirements {

    private Requirements() {
    }

    public static void require(boolean available, String what) {
        if (available) {
            return;
        }
        String message = "needs " + what;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message + " (required in CI, where CI=true)");
        }
        Assumptions.abort(message + " (skipped; set it up to run this suite)");
    }
}
