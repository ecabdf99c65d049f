package dev.yocto.engine.plan;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Difference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A plan written by {@code plan --out} for {@code provision FILE}: the changes with what was
 * observed of each resource, the state's lineage and serial, and the scope it was made for. It is
 * applied only while all of that still holds ({@link #verify}).
 */
public record SavedPlan(int version, String stack, String region, String lineage, long serial,
                        List<String> only, boolean deleteData, List<Entry> changes) {

    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** One planned change and the live settings it was planned from. */
    public record Entry(String id, String kind, String action, String reason, String physicalId,
                        List<Difference> differences, List<String> awaiting, boolean orphan,
                        Map<String, String> observed) {
    }

    public SavedPlan {
        only = List.copyOf(only);
        changes = List.copyOf(changes);
    }

    public static SavedPlan of(Plan plan, String stack, String region, List<String> only, boolean deleteData) {
        List<Entry> entries = plan.changes().stream().map(change -> new Entry(change.address().value(),
                change.kind(), change.action().name(), change.reason(), change.physicalId().orElse(null),
                change.differences(), change.awaiting().stream().map(Address::value).sorted().toList(),
                change.orphan(), change.live().map(live -> (Map<String, String>) new TreeMap<>(live.observed()))
                        .orElse(null))).toList();
        return new SavedPlan(VERSION, stack, region, plan.lineage(), plan.serial(), only, deleteData, entries);
    }

    /** Writes it readable by its owner only (it names the stack's resources). */
    public void write(Path file) {
        try {
            Path absolute = file.toAbsolutePath();
            Files.createDirectories(absolute.getParent());
            Path temp = absolute.resolveSibling("." + absolute.getFileName() + ".tmp");
            Files.deleteIfExists(temp);
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(temp, JSON.writeValueAsBytes(this));
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new StalePlanException("cannot write the plan to " + file + ": " + e.getMessage());
        }
    }

    public static SavedPlan read(Path file) {
        SavedPlan plan;
        try {
            plan = JSON.readValue(Files.readAllBytes(file), SavedPlan.class);
        } catch (IOException e) {
            throw new StalePlanException("cannot read the plan " + file + ": " + e.getMessage()
                    + " (write one with 'yocto plan --out " + file + "')");
        }
        if (plan == null || plan.version() != VERSION || plan.changes() == null) {
            throw new StalePlanException(file + " is not a plan this yocto wrote (write one with 'yocto plan --out')");
        }
        return plan;
    }

    /**
     * Refuses (with every reason at once) unless {@code fresh}, planned now in the same scope, is
     * this plan: same stack, region, state lineage and serial, and per resource the same action,
     * physical id, differences and observed settings.
     */
    public void verify(SavedPlan fresh) {
        List<String> problems = new ArrayList<>();
        if (!stack.equals(fresh.stack()) || !region.equals(fresh.region())) {
            problems.add("it is for stack " + stack + " in " + region + ", not " + fresh.stack() + " in "
                    + fresh.region());
        }
        // A state never written (serial 0) has no lineage yet: each run makes up its own until the first write.
        boolean neverWritten = serial == 0 && fresh.serial() == 0;
        if (!neverWritten && !lineage.equals(fresh.lineage())) {
            problems.add("the state has another lineage (" + fresh.lineage() + ", the plan's " + lineage + ")");
        } else if (serial != fresh.serial()) {
            problems.add("the state changed since (serial " + fresh.serial() + ", the plan's " + serial + ")");
        }
        if (!only.equals(fresh.only()) || deleteData != fresh.deleteData()) {
            problems.add("it was made for --only " + (only.isEmpty() ? "(all)" : String.join(",", only))
                    + (deleteData ? " --delete-data" : "") + "; pass the same flags");
        }
        Map<String, Entry> now = new TreeMap<>();
        fresh.changes().forEach(entry -> now.put(entry.id(), entry));
        Set<String> ids = new TreeSet<>(now.keySet());
        changes.forEach(entry -> ids.add(entry.id()));
        Map<String, Entry> then = new TreeMap<>();
        changes.forEach(entry -> then.put(entry.id(), entry));
        for (String id : ids) {
            Entry planned = then.get(id);
            Entry current = now.get(id);
            if (planned == null) {
                problems.add(id + " is new: " + current.action().toLowerCase() + " (" + current.reason() + ")");
            } else if (current == null) {
                problems.add(id + " is no longer part of the plan");
            } else if (!Objects.equals(planned.observed(), current.observed())
                    || !Objects.equals(planned.physicalId(), current.physicalId())) {
                problems.add(id + " changed in AWS since (" + changed(planned, current) + ")");
            } else if (!planned.action().equals(current.action()) || !planned.differences().equals(current.differences())
                    || !planned.awaiting().equals(current.awaiting())) {
                problems.add(id + " would now be " + current.action().toLowerCase() + " (" + current.reason()
                        + "), planned " + planned.action().toLowerCase() + " (" + planned.reason() + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new StalePlanException("the saved plan no longer holds, nothing was changed: "
                    + String.join("; ", problems) + ". Run 'yocto plan --out FILE' again.");
        }
    }

    private static String changed(Entry planned, Entry current) {
        if (!Objects.equals(planned.physicalId(), current.physicalId())) {
            return "id " + planned.physicalId() + " -> " + current.physicalId();
        }
        if (planned.observed() == null || current.observed() == null) {
            return planned.observed() == null ? "it appeared" : "it is gone";
        }
        Set<String> fields = new TreeSet<>(planned.observed().keySet());
        fields.addAll(current.observed().keySet());
        return String.join(", ", fields.stream().filter(f -> !Objects.equals(planned.observed().get(f),
                current.observed().get(f))).map(f -> f + ": " + planned.observed().get(f) + " -> "
                + current.observed().get(f)).toList());
    }
}
