package dev.yocto.engine.cli;

/** The command declined to go on (no confirmation); exit code 3. */
final class RefusedException extends RuntimeException {
    RefusedException(String message) {
        super(message);
    }
}
