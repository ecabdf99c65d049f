package dev.yocto.resources.api;

import java.util.Map;
import java.util.TreeMap;

/**
 * A resource as AWS reports it: its id, ARN and the non-secret attributes dependents need.
 * {@code observed} holds the settings read back for the diff; it is not stored.
 */
public record Live(String physicalId, String arn, Map<String, String> attributes, Map<String, String> observed) {

    public Live {
        attributes = Map.copyOf(attributes);
        observed = java.util.Collections.unmodifiableMap(new TreeMap<>(observed));
    }

    public static Live of(String physicalId, Map<String, String> attributes, Map<String, String> observed) {
        return new Live(physicalId, null, attributes, observed);
    }

    public String attribute(String name) {
        String value = attributes.get(name);
        if (value == null) {
            throw new IllegalStateException("resource " + physicalId + " has no attribute '" + name + "'");
        }
        return value;
    }
}
