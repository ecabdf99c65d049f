package dev.yocto.resources.data.db;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.rds.model.Tag;

/** Names and tags as RDS wants them. */
final class RdsSupport {

    private RdsSupport() {
    }

    /** {@code <stack>-<address>}, with the runs of '-' that RDS identifiers may not hold collapsed. */
    static String identifier(Context context, Address address) {
        return (context.stack() + "-" + address.dashed()).replaceAll("-{2,}", "-");
    }

    static List<Tag> tags(Context context, Address address) {
        return tags(context.tags(address));
    }

    static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    static Map<String, String> asMap(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> a));
    }
}
