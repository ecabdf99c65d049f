package dev.yocto.resources.api;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one waiting helper: checks a condition with exponential backoff until it yields a value or
 * the timeout passes, then fails with a message naming the resource and what it waited for.
 */
public final class Poll {

    private static final long MAX_PAUSE_MILLIS = 15_000;

    private Poll() {
    }

    public static <T> T until(Context context, Address address, String what, Duration timeout,
                              Supplier<Optional<T>> check) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = context.emulation().pollMillis();
        long started = System.nanoTime();
        boolean reported = false;
        while (true) {
            Optional<T> result = check.get();
            if (result.isPresent()) {
                return result.get();
            }
            if (System.nanoTime() > deadline) {
                throw new ResourceException(address, "timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            if (!reported && System.nanoTime() - started > Duration.ofSeconds(5).toNanos()) {
                context.report(address, "waiting for " + what);
                reported = true;
            }
            sleep(Math.min(pause, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
