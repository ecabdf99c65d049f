package dev.yocto.engine.progress;

import dev.yocto.resources.api.Address;
import java.time.Duration;

/**
 * Something that happened to one resource: it started, it reports progress, it finished with an
 * outcome, or it failed. A start may say how long AWS usually takes for it ({@code usually},
 * "usually about 6 min", else empty): the typical total from the time model, shown beside each of
 * that resource's later messages until it finishes, never a countdown.
 */
public record Event(Address address, Type type, String message, Duration elapsed, String usually) {

    public enum Type { STARTED, PROGRESS, FINISHED, FAILED }

    public static Event started(Address address, String message) {
        return started(address, message, "");
    }

    public static Event started(Address address, String message, String usually) {
        return new Event(address, Type.STARTED, message, Duration.ZERO, usually);
    }

    public static Event progress(Address address, String message) {
        return new Event(address, Type.PROGRESS, message, Duration.ZERO, "");
    }

    public static Event finished(Address address, String message, Duration elapsed) {
        return new Event(address, Type.FINISHED, message, elapsed, "");
    }

    public static Event failed(Address address, String message, Duration elapsed) {
        return new Event(address, Type.FAILED, message, elapsed, "");
    }
}
