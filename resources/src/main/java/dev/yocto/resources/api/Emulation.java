package dev.yocto.resources.api;

/**
 * The emulator profile: every place where yocto behaves differently against an AWS emulator, each
 * with its reason. Against AWS it is {@link #NONE}, and nothing is bent.
 *
 * @param active   true when talking to an emulator ({@code --local} or {@code --endpoint-url})
 * @param pollMillis first pause of every wait; emulators answer at once, AWS takes seconds
 */
public record Emulation(boolean active, long pollMillis) {

    public static final Emulation NONE = new Emulation(false, 2_000);

    /** moto and LocalStack reach their final states on the next describe. */
    public static final Emulation EMULATOR = new Emulation(true, 50);
}
