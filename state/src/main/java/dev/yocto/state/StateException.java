package dev.yocto.state;

/** The state file cannot be used as it is; the message says why and what to do. */
public class StateException extends RuntimeException {
    public StateException(String message) {
        super(message);
    }

    public StateException(String message, Throwable cause) {
        super(message, cause);
    }
}
