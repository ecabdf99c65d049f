package dev.yocto.state;

/** Another yocto process holds the state lock. */
public final class LockHeldException extends StateException {
    private final LockOwner owner;

    public LockHeldException(String message, LockOwner owner) {
        super(message);
        this.owner = owner;
    }

    public LockOwner owner() {
        return owner;
    }
}
