package dev.yocto.state;

/** Someone else changed the state since it was read; nothing was overwritten. */
public final class StateConflictException extends StateException {
    public StateConflictException(String message) {
        super(message);
    }
}
