package dev.yocto.resources.compute.image;

import java.util.Locale;

/** Sizes in progress messages: {@code 26.5 MiB}. */
final class Mebibytes {

    static final long ONE = 1024 * 1024;

    private Mebibytes() {
    }

    static String of(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) ONE);
    }
}
