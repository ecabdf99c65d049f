package dev.yocto.emulator.behaviour;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What the behaviour profile does, each part switchable.
 *
 * @param scale      multiplies every modeled duration and latency: 0.01 replays 10 minutes in 6 s
 * @param timeModel  long-running states stay pending for their modeled duration ({@link TimeModel})
 * @param latency    every call takes AWS's typical latency (scaled)
 * @param window     how long a just-created resource answers not-found by id, and how long the
 *                   name-reuse and role-propagation refusals last; AWS's consistency windows are
 *                   seconds, so this is not scaled (zero: off)
 * @param faultRate  the share of attempts answered with throttling or a 5xx (0 to 1)
 * @param seed       makes the faults reproducible: the n-th attempt of an operation always gets
 *                   the same answer for the same seed
 * @param refusals   the refusals switched on
 */
public record Settings(double scale, boolean timeModel, boolean latency, Duration window, double faultRate,
                       long seed, Set<Refusal> refusals) {

    /** The environment variable {@code --local} and {@code --endpoint-url} read (never used against AWS). */
    public static final String VARIABLE = "YOCTO_AWS_BEHAVIOUR";

    public Settings {
        if (scale <= 0 || scale > 1) {
            throw new IllegalArgumentException("scale must be in (0, 1], got " + scale);
        }
        if (faultRate < 0 || faultRate >= 1) {
            throw new IllegalArgumentException("faults must be in [0, 1), got " + faultRate);
        }
        refusals = refusals.isEmpty() ? EnumSet.noneOf(Refusal.class) : EnumSet.copyOf(refusals);
    }

    /** Everything on: AWS's manners at the given scale, with the given fault rate and seed. */
    public static Settings aws(double scale, double faultRate, long seed) {
        return new Settings(scale, true, true, Duration.ofSeconds(2), faultRate, seed, EnumSet.allOf(Refusal.class));
    }

    /** Nothing on; switch parts on with the {@code with…} methods. */
    public static Settings none() {
        return new Settings(1, false, false, Duration.ZERO, 0, 0, Set.of());
    }

    public Settings withScale(double value) {
        return new Settings(value, timeModel, latency, window, faultRate, seed, refusals);
    }

    public Settings withTimeModel(boolean value) {
        return new Settings(scale, value, latency, window, faultRate, seed, refusals);
    }

    public Settings withLatency(boolean value) {
        return new Settings(scale, timeModel, value, window, faultRate, seed, refusals);
    }

    public Settings withWindow(Duration value) {
        return new Settings(scale, timeModel, latency, value, faultRate, seed, refusals);
    }

    public Settings withFaults(double rate, long value) {
        return new Settings(scale, timeModel, latency, window, rate, value, refusals);
    }

    public Settings withRefusals(Set<Refusal> value) {
        return new Settings(scale, timeModel, latency, window, faultRate, seed, value);
    }

    public boolean refuses(Refusal refusal) {
        return refusals.contains(refusal);
    }

    /** The settings in {@link #parse}'s syntax. */
    public String describe() {
        return "scale=" + scale + ",time=" + (timeModel ? "on" : "off") + ",latency=" + (latency ? "on" : "off")
                + ",window=" + window.toMillis() + "ms,faults=" + faultRate + ",seed=" + seed + ",refusals="
                + (refusals.isEmpty() ? "none" : String.join("+", refusals.stream().map(Refusal::id).toList()));
    }

    /** A modeled duration at this scale. */
    public Duration scaled(Duration duration) {
        return Duration.ofNanos(Math.round(duration.toNanos() * scale));
    }

    /**
     * Parses {@code YOCTO_AWS_BEHAVIOUR}: {@code aws} (everything on at scale 0.01, no faults) followed
     * by any of {@code scale=0.01}, {@code faults=0.2}, {@code seed=7}, {@code window=2s},
     * {@code time=on|off}, {@code latency=on|off}, {@code refusals=all|none|lb-igw+eip-nat+…},
     * comma-separated; e.g. {@code aws,faults=0.2,seed=7}.
     */
    public static Settings parse(String spec) {
        Settings settings = aws(0.01, 0, 1);
        List<String> problems = new ArrayList<>();
        for (String part : spec.split(",")) {
            String item = part.trim();
            if (item.isEmpty() || item.equals("aws")) {
                continue;
            }
            int eq = item.indexOf('=');
            String key = eq < 0 ? item : item.substring(0, eq);
            String value = eq < 0 ? "" : item.substring(eq + 1);
            try {
                settings = switch (key) {
                    case "scale" -> settings.withScale(Double.parseDouble(value));
                    case "faults" -> settings.withFaults(Double.parseDouble(value), settings.seed());
                    case "seed" -> settings.withFaults(settings.faultRate(), Long.parseLong(value));
                    case "window" -> settings.withWindow(value.endsWith("ms")
                            ? Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)))
                            : Duration.parse("PT" + value.toUpperCase()));
                    case "time" -> settings.withTimeModel(onOff(value));
                    case "latency" -> settings.withLatency(onOff(value));
                    case "refusals" -> settings.withRefusals(refusals(value));
                    default -> throw new IllegalArgumentException("unknown setting '" + key + "'");
                };
            } catch (RuntimeException e) {
                problems.add(item + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(VARIABLE + " is not understood (" + String.join("; ", problems)
                    + "); e.g. aws,scale=0.01,faults=0.2,seed=7,window=2s,time=on,latency=on,refusals=all");
        }
        return settings;
    }

    private static boolean onOff(String value) {
        return switch (value) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new IllegalArgumentException("expected on or off, got '" + value + "'");
        };
    }

    private static Set<Refusal> refusals(String value) {
        if (value.equals("all")) {
            return EnumSet.allOf(Refusal.class);
        }
        EnumSet<Refusal> chosen = EnumSet.noneOf(Refusal.class);
        if (value.equals("none")) {
            return chosen;
        }
        for (String id : value.split("\\+")) {
            chosen.add(Refusal.parse(id).orElseThrow(() -> new IllegalArgumentException("unknown refusal '" + id
                    + "'")));
        }
        return chosen;
    }
}
