package dev.yocto.resources.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One AWS resource of the stack, with its desired settings, and the four operations of the
 * reconciler. Absent is a normal result of {@link #observe}, never an exception.
 */
public interface Resource {

    Address address();

    /** Service and type, e.g. {@code ec2:vpc}. */
    String kind();

    Set<Address> dependencies();

    /** The desired settings that do not depend on other resources; their hash goes into state. */
    Object settings();

    /**
     * Finds the resource: by {@code knownId} (from state) when given, else, or when that id is gone,
     * by its tags.
     */
    Optional<Live> observe(Context context, Optional<String> knownId);

    /** Creates the resource, tagged in the same call where the API allows, and waits until usable. */
    Live create(Context context);

    /** Desired against live, field by field; the desired side may read dependencies' attributes. */
    default List<Difference> diff(Context context, Live live) {
        List<Difference> differences = new ArrayList<>();
        desiredFields(context).forEach((field, desired) -> {
            String actual = live.observed().get(field);
            if (!Objects.equals(desired, actual)) {
                differences.add(new Difference(field, desired, actual, replacedOnChange().contains(field)));
            }
        });
        return differences;
    }

    /** The observed fields this resource compares, with their desired values. */
    Map<String, String> desiredFields(Context context);

    /** Fields AWS cannot change in place. */
    default Set<String> replacedOnChange() {
        return Set.of();
    }

    /** Brings the live resource in line; only called with in-place differences. */
    default Live update(Context context, Live live, List<Difference> differences) {
        throw new ResourceException(address(), "cannot be updated in place: " + differences);
    }

    /** Deletes it and waits until it is gone (or no longer blocks what depends on it). */
    void delete(Context context, Live live);
}
