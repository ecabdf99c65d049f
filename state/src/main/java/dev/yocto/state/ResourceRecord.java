package dev.yocto.state;

import java.time.Instant;
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
 */
public record ResourceRecord(String kind, String physicalId, String arn, Map<String, String> attributes,
                             String settingsHash, Instant updatedAt) {

    public ResourceRecord {
        attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
    }
}
