package dev.yocto.state;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What yocto remembers of one resource: never a secret, only what dependents and later runs need.
 *
 * @param kind         the resource kind, e.g. {@code ec2:vpc}
 * @param physicalId   AWS's id of it
 * @param arn          its ARN where it has one, else null
 * @param attributes   non-secret values dependents need (ids, endpoints, DNS names)
 * @param settingsHash hash of the desired settings it was last made to match
 * @param updatedAt    when this record was last written
 * @param dependencies the logical ids it was made to depend on (schema 2): how a resource the
 *                     configuration no longer wants is deleted in order without the code that made it
 */
public record ResourceRecord(String kind, String physicalId, String arn, Map<String, String> attributes,
                             String settingsHash, Instant updatedAt, List<String> dependencies) {

    public ResourceRecord {
        attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
        dependencies = dependencies == null ? List.of() : List.copyOf(new java.util.TreeSet<>(dependencies));
    }

    /** A record without dependencies, as schema 1 kept them. */
    public ResourceRecord(String kind, String physicalId, String arn, Map<String, String> attributes,
                          String settingsHash, Instant updatedAt) {
        this(kind, physicalId, arn, attributes, settingsHash, updatedAt, List.of());
    }
}
