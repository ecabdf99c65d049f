package dev.yocto.resources.api;

import java.util.LinkedHashMap;
import java.util.Map;

/** The tags every resource carries: stack, logical id and a readable Name. */
public final class Tags {

    public static final String STACK = "yocto:stack";
    public static final String RESOURCE = "yocto:resource";
    public static final String NAME = "Name";

    private Tags() {
    }

    public static Map<String, String> of(String stack, Address address) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(STACK, stack);
        tags.put(RESOURCE, address.value());
        tags.put(NAME, stack + "-" + address.dashed());
        return tags;
    }

    /** Only the tags yocto sets, as {@code key=value,...} for a diff; others that people add are theirs. */
    public static String ours(Map<String, String> tags) {
        return java.util.stream.Stream.of(STACK, RESOURCE, NAME).map(key -> key + "=" + tags.getOrDefault(key, ""))
                .collect(java.util.stream.Collectors.joining(","));
    }

    public static boolean belongsTo(Map<String, String> tags, String stack, Address address) {
        return stack.equals(tags.get(STACK)) && address.value().equals(tags.get(RESOURCE));
    }
}
