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

    public static boolean belongsTo(Map<String, String> tags, String stack, Address address) {
        return stack.equals(tags.get(STACK)) && address.value().equals(tags.get(RESOURCE));
    }
}
