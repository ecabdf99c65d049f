package dev.yocto.engine.local;

import dev.yocto.emulator.LocalStack;
import dev.yocto.resources.api.Emulation;
import java.net.URI;

/** What answers at an endpoint, and so which emulator profile applies: AWS itself, LocalStack, or moto. */
public record EmulatorProfile(String name, Emulation emulation) {

    public static final EmulatorProfile AWS = new EmulatorProfile("AWS", Emulation.NONE);

    /**
     * LocalStack when its health answers there ({@code GET /_localstack/health}, one call); any other
     * emulator is taken for moto, whose profile is the most forgiving.
     */
    public static EmulatorProfile at(URI endpoint) {
        return LocalStack.health(endpoint)
                .map(health -> new EmulatorProfile("LocalStack " + health.version() + " at " + endpoint,
                        Emulation.LOCALSTACK))
                .orElseGet(() -> new EmulatorProfile("the emulator at " + endpoint, Emulation.EMULATOR));
    }
}
