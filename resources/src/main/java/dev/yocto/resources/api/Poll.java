package dev.yocto.resources.api;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one waiting helper: checks a condition with exponential backoff until it yields a value or
 * the timeout passes, then fails with a message naming the resource and what it waited for.
 *
 * <p>A check that throws throttling, a 5xx or a connection error is asked again (the SDK has already
 * retried it; a long wait must not end on one passing error), and so is a not-found during the
 * first {@link #NOT_FOUND_GRACE} of the wait: AWS's APIs are eventually consistent, and a resource
 * made moments ago may not be known to the describe call yet
 * (https://docs.aws.amazon.com/ec2/latest/devguide/eventual-consistency.html). Anything else fails
 * the wait at once.
 */
public final class Poll {

    /**
     * The longest pause between checks, as a multiple of the first: 15 s on AWS (2 s first), so a
     * wait ends at most 15 s after AWS is done; on an emulator (50 ms first) 375 ms, so that a
     * wait under the behaviour profile's scaled time model overshoots by as little, in proportion.
     */
    private static final double MAX_PAUSE_IN_FIRST_PAUSES = 7.5;
    /** How long a just-created resource may answer not-found before that is believed. */
    public static final Duration NOT_FOUND_GRACE = Duration.ofMinutes(2);

    private Poll() {
    }

    public static <T> T until(Context context, Address address, String what, Duration timeout,
                              Supplier<Optional<T>> check) {
        return until(context, address, what, timeout, e -> false, check);
    }

    /**
     * Runs a call that names a resource made moments ago, asking again while AWS does not know it
     * yet (a not-found during {@link #NOT_FOUND_GRACE}, as every wait does) until it succeeds.
     */
    public static <T> T whenKnown(Context context, Address address, String what, Supplier<T> call) {
        return until(context, address, what, NOT_FOUND_GRACE, () -> Optional.of(call.get()));
    }

    /**
     * Runs a call AWS refuses for a while for a documented reason (a name still being released, a
     * state that passes), asking again with the wait's backoff while {@code passing} says its error
     * is such a refusal, until it succeeds or {@code timeout} passes; a timeout names the last refusal.
     */
    public static <T> T whileRefused(Context context, Address address, String what, Duration timeout,
                                     Predicate<RuntimeException> passing, Supplier<T> call) {
        return until(context, address, what, timeout, passing, () -> Optional.of(call.get()));
    }

    private static <T> T until(Context context, Address address, String what, Duration timeout,
                               Predicate<RuntimeException> alsoPassing, Supplier<Optional<T>> check) {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        long pause = context.emulation().pollMillis();
        boolean reported = false;
        RuntimeException lastPassing = null;
        while (true) {
            try {
                Optional<T> result = check.get();
                if (result.isPresent()) {
                    return result.get();
                }
            } catch (RuntimeException e) {
                boolean young = System.nanoTime() - started < NOT_FOUND_GRACE.toNanos();
                if (!AwsErrors.isTransient(e) && !(young && AwsErrors.isNotFound(e)) && !alsoPassing.test(e)) {
                    throw e;
                }
                lastPassing = e;
            }
            if (System.nanoTime() > deadline) {
                throw new ResourceException(address, "timed out after " + timeout.toSeconds() + " s waiting for "
                        + what + (lastPassing == null ? "" : " (last error: " + lastPassing.getMessage() + ")"));
            }
            if (!reported && System.nanoTime() - started > Duration.ofSeconds(5).toNanos()) {
                context.report(address, "waiting for " + what);
                reported = true;
            }
            sleep(Math.min(pause, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            pause = Math.min(pause * 2, Math.round(context.emulation().pollMillis() * MAX_PAUSE_IN_FIRST_PAUSES));
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
