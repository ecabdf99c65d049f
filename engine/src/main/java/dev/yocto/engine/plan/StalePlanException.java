package dev.yocto.engine.plan;

/** A saved plan that cannot be applied as it is: the state or AWS changed since, or it is unreadable. */
public final class StalePlanException extends RuntimeException {

    public StalePlanException(String message) {
        super(message);
    }
}
