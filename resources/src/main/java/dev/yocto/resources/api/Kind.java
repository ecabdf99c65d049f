package dev.yocto.resources.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The handler of one AWS resource type ({@code ec2:vpc}, {@code rds:db-cluster}): stateless, one
 * instance for every resource of the type. Each operation receives what it acts on: the desired
 * resource (data) or, for a resource no longer desired, only its address and what AWS reports.
 * Absent is a normal result of {@link #observe}, never an exception.
 *
 * @param <S> the settings record of the desired resources of this kind
 */
public interface Kind<S> {

    /** Service and type, e.g. {@code ec2:vpc}; the id state stores and {@link Kinds} finds it by. */
    String id();

    /**
     * Finds the resource: by {@code knownId} (from state) when given, else, or when that id is gone,
     * by its tags. {@code settings} are empty for a resource the configuration no longer wants
     * (an orphan); its {@code knownId} is then always given.
     */
    Optional<Live> observe(Context context, Address address, Optional<S> settings, Optional<String> knownId);

    /** Creates the resource, tagged in the same call where the API allows, and waits until usable. */
    Live create(Context context, Desired<S> desired);

    /**
     * The observed fields this kind compares, with their desired values; references are read with
     * {@link Context#value}, which the graph guarantees are resolved.
     */
    Map<String, String> desiredFields(Context context, Desired<S> desired);

    /** Desired against live, field by field. */
    default List<Difference> diff(Context context, Desired<S> desired, Live live) {
        List<Difference> differences = new ArrayList<>();
        new java.util.TreeMap<>(desiredFields(context, desired)).forEach((field, wanted) -> {
            String actual = live.observed().get(field);
            if (!Objects.equals(wanted, actual)) {
                differences.add(new Difference(field, wanted, actual, replacedOnChange().contains(field)));
            }
        });
        return differences;
    }

    /** Fields AWS cannot change in place. */
    default Set<String> replacedOnChange() {
        return Set.of();
    }

    /** Brings the live resource in line; only called with in-place differences. */
    default Live update(Context context, Desired<S> desired, Live live, List<Difference> differences) {
        throw new ResourceException(desired.address(), "cannot be updated in place: " + differences);
    }

    /** Deletes it and waits until it is gone (or no longer blocks what it depended on). */
    void delete(Context context, Address address, Live live);

    /**
     * Every resource of this kind tagged with the stack, by the logical id in its tags: how the
     * planner finds what no state and no configuration knows. Kinds that cannot list by tag cheaply
     * return nothing; their orphans are then found through state only.
     */
    default List<Discovered> discover(Context context) {
        return List.of();
    }

    /**
     * True for kinds whose deletion loses user data (a database, an image bucket): the planner
     * never deletes such an orphan unless told {@code --delete-data}.
     */
    default boolean holdsData() {
        return false;
    }
}
