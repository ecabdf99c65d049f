package dev.yocto.state;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The whole state of one stack, an immutable value: every change returns a new one with the next
 * serial.
 */
public record StackState(int version, String stack, String region, String lineage, long serial,
                         SortedMap<String, ResourceRecord> resources) {

    /** 2: records keep their dependencies. A version-1 file is read and upgraded on its first write. */
    public static final int CURRENT_VERSION = 2;

    public StackState {
        resources = Collections.unmodifiableSortedMap(new TreeMap<>(resources));
    }

    public static StackState empty(String stack, String region) {
        return new StackState(CURRENT_VERSION, stack, region, UUID.randomUUID().toString(), 0, new TreeMap<>());
    }

    public Optional<ResourceRecord> resource(String address) {
        return Optional.ofNullable(resources.get(address));
    }

    public StackState with(String address, ResourceRecord record) {
        SortedMap<String, ResourceRecord> next = new TreeMap<>(resources);
        next.put(address, record);
        return new StackState(version, stack, region, lineage, serial, next);
    }

    public StackState without(String address) {
        SortedMap<String, ResourceRecord> next = new TreeMap<>(resources);
        next.remove(address);
        return new StackState(version, stack, region, lineage, serial, next);
    }

    StackState withSerial(long nextSerial) {
        return new StackState(CURRENT_VERSION, stack, region, lineage, nextSerial, resources);
    }

    public Map<String, ResourceRecord> resourcesView() {
        return resources;
    }
}
