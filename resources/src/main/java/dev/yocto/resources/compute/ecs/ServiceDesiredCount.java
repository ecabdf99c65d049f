package dev.yocto.resources.compute.ecs;

/**
 * The service's desired count as the diff sees it: auto scaling moves it anywhere between the
 * configured {@code desiredCount} and {@code maxCount}, so any value in that range is in sync and
 * is shown as the range itself; a value outside it (say 0, set by hand) is shown as the number and
 * is drift, which an update brings back to the nearest bound.
 */
record ServiceDesiredCount(int min, int max) {

    ServiceDesiredCount {
        if (min > max) {
            throw new IllegalArgumentException("desired count range " + min + ".." + max + " is empty");
        }
    }

    String desired() {
        return min + ".." + max;
    }

    String observed(int live) {
        return live >= min && live <= max ? desired() : String.valueOf(live);
    }

    int nearest(int live) {
        return Math.max(min, Math.min(max, live));
    }
}
