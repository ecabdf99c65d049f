package dev.yocto.app.config;

/** The environment does not describe a runnable backend. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
