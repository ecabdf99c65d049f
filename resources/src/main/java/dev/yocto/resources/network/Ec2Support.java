package dev.yocto.resources.network;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Poll;
import dev.yocto.resources.api.ResourceException;
import dev.yocto.resources.api.Tags;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** The few lines every EC2 handler needs: tags in create calls, lookups by tag, error codes. */
final class Ec2Support {

    private static final Duration DEPENDENCY_TIMEOUT = Duration.ofMinutes(10);

    private Ec2Support() {
    }

    static TagSpecification tagSpecification(Context context, Address address, ResourceType type) {
        return TagSpecification.builder().resourceType(type).tags(tags(context, address)).build();
    }

    static List<Tag> tags(Context context, Address address) {
        return context.tags(address).entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    /**
     * True when the tags identify this stack's resource. Checked client-side as well because some
     * APIs ignore tag filters on the emulator (moto: DescribeNatGateways).
     */
    static boolean isOurs(Context context, Address address, List<Tag> tags) {
        return Tags.belongsTo(asMap(tags), context.stack(), address);
    }

    static Map<String, String> asMap(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> a));
    }

    static boolean isNotFound(Ec2Exception e) {
        String code = errorCode(e);
        return code.endsWith(".NotFound") || code.endsWith("NotFound") || code.equals("InvalidAllocationID.NotFound");
    }

    static String errorCode(Ec2Exception e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? ""
                : e.awsErrorDetails().errorCode();
    }

    /** The server-side filter for the stack tag; results are checked client-side by {@link #find}. */
    static Filter stackFilter(Context context) {
        return Filter.builder().name("tag:" + Tags.STACK).values(context.stack()).build();
    }

    /** Describes by id; an id AWS no longer knows is an empty result, not an error. */
    static <T> Optional<T> byId(Function<String, Optional<T>> describe, String id) {
        try {
            return describe.apply(id);
        } catch (Ec2Exception e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Runs a delete that AWS refuses while something still uses the resource (ENIs of NAT gateways
     * and load balancers linger for minutes after those are gone), retrying with backoff.
     */
    static void deleteWhenFree(Context context, Address address, String what, Runnable delete) {
        Poll.until(context, address, what + " to be free of dependencies", DEPENDENCY_TIMEOUT, () -> {
            try {
                delete.run();
                return Optional.of(true);
            } catch (Ec2Exception e) {
                if (isNotFound(e)) {
                    return Optional.of(true);
                }
                if ("DependencyViolation".equals(errorCode(e)) || "InvalidGroup.InUse".equals(errorCode(e))) {
                    return Optional.empty();
                }
                throw new ResourceException(address, "deleting " + what + " failed: " + e.getMessage(), e);
            }
        });
    }

    /**
     * Runs a call that names a resource made moments ago. EC2 is eventually consistent: for a while
     * after a create, calls naming the new id may answer {@code …NotFound}
     * (https://docs.aws.amazon.com/ec2/latest/devguide/eventual-consistency.html), so the call is
     * asked again, as every wait asks again after a young not-found, until it succeeds.
     */
    static void whenKnown(Context context, Address address, String what, Runnable call) {
        Poll.whenKnown(context, address, what, () -> {
            call.run();
            return true;
        });
    }

    static String bool(Boolean value) {
        return String.valueOf(Boolean.TRUE.equals(value));
    }
}
