package dev.yocto.engine.cli;

/** A flag or option value the user must correct; exit code 3, no AWS call made. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
