package dev.yocto.emulator.behaviour;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Throttling and 5xx at a given rate, reproducible from a seed: the n-th attempt of an operation
 * (counted per operation, so concurrent calls to other operations do not shift it) gets the same
 * answer for the same seed.
 */
final class Faults {

    private final double rate;
    private final long seed;
    private final Map<String, AtomicLong> attempts = new ConcurrentHashMap<>();

    Faults(double rate, long seed) {
        this.rate = rate;
        this.seed = seed;
    }

    /** The error to answer this attempt with, if any. */
    Optional<ServiceErrors.Error> next(String operation, List<ServiceErrors.Error> choices) {
        if (rate <= 0) {
            return Optional.empty();
        }
        long n = attempts.computeIfAbsent(operation, k -> new AtomicLong()).getAndIncrement();
        long mixed = mix(seed ^ mix(operation.hashCode()) ^ mix(n * 0x9E3779B97F4A7C15L));
        double draw = (mixed >>> 11) * 0x1.0p-53;
        if (draw >= rate) {
            return Optional.empty();
        }
        return Optional.of(choices.get((int) Long.remainderUnsigned(mix(mixed), choices.size())));
    }

    /** SplitMix64's finalizer: a good spread of every input bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
