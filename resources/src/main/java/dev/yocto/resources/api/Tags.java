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

    /**
     * Refuses a resource found by its name (unique per account and region) that is not tagged with
     * this stack: it belongs to something else, and yocto neither adopts nor changes it.
     *
     * @param what how to name it to the user, e.g. "a log group named backend"
     */
    public static void requireOurs(String stack, Address address, String what, Map<String, String> tags) {
        String theirs = tags.getOrDefault(STACK, "none");
        if (!stack.equals(theirs)) {
            throw new ResourceException(address, what + " exists but is not tagged " + STACK + "=" + stack
                    + " (its tag: " + theirs + "); it belongs to something else: delete it, or tag it so if it is "
                    + "this stack's, or choose another stack name. yocto will not take it over");
        }
    }
}
