package dev.yocto.emulator;

/** The emulator could not be installed, started or reached; the message says what to do. */
public final class EmulatorException extends RuntimeException {
    public EmulatorException(String message) {
        super(message);
    }
}
