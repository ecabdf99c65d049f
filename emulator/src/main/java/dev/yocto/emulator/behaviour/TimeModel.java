package dev.yocto.emulator.behaviour;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How long AWS keeps a resource in a pending state, as data: the table {@code time-model.tsv} next
 * to this class (kind, transition, states, modeled seconds, the published figure and its source),
 * read by the profile and by the benchmarks.
 */
public final class TimeModel {

    /** One row of the table. */
    public record Phase(String kind, String transition, String from, String to, Duration duration, String published,
                        String source) {
    }

    private static final List<Phase> PHASES = load();

    private TimeModel() {
    }

    /** Every modeled phase, at scale 1. */
    public static List<Phase> phases() {
        return PHASES;
    }

    /** The modeled duration of a phase at scale 1, e.g. {@code ("ec2:nat-gateway", "create")}. */
    public static Duration duration(String kind, String transition) {
        return PHASES.stream().filter(p -> p.kind().equals(kind) && p.transition().equals(transition))
                .map(Phase::duration).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no modeled phase " + kind + " " + transition));
    }

    private static List<Phase> load() {
        try (InputStream in = TimeModel.class.getResourceAsStream("time-model.tsv")) {
            if (in == null) {
                throw new IllegalStateException("time-model.tsv is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<Phase> phases = new ArrayList<>();
            boolean header = true;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                String[] f = line.split("\t");
                phases.add(new Phase(f[0], f[1], f[2], f[3], Duration.ofSeconds(Long.parseLong(f[4])), f[5], f[6]));
            }
            return List.copyOf(phases);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
