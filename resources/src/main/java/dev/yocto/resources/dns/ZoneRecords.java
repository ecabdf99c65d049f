package dev.yocto.resources.dns;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/** Record sets of a hosted zone: read, upsert and delete, with names compared without the final dot. */
public final class ZoneRecords {

    private ZoneRecords() {
    }

    /** {@code example.com.} and {@code example.com} name the same record. */
    public static String bare(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    public static ResourceRecordSet recordSet(String name, RRType type, long ttl, List<String> values) {
        return ResourceRecordSet.builder().name(name).type(type).ttl(ttl)
                .resourceRecords(values.stream().map(v -> ResourceRecord.builder().value(v).build()).toList())
                .build();
    }

    public static List<ResourceRecordSet> all(Route53Client route53, String zoneId) {
        return route53.listResourceRecordSetsPaginator(r -> r.hostedZoneId(zoneId)).resourceRecordSets().stream()
                .toList();
    }

    /** The record set of this name and type, if the zone has one. */
    public static Optional<ResourceRecordSet> find(Route53Client route53, String zoneId, String name, RRType type) {
        return route53.listResourceRecordSets(r -> r.hostedZoneId(zoneId).startRecordName(name).startRecordType(type)
                        .maxItems("1")).resourceRecordSets().stream()
                .filter(set -> bare(set.name()).equalsIgnoreCase(bare(name)) && set.type() == type).findFirst();
    }

    /**
     * The record sets of this name among {@code types}, in as few calls as the zone allows: the
     * listing starts at the name's first record set and returns up to one per type asked for; it
     * goes on only while AWS says the next record set still has this name (Route 53 lists record
     * sets sorted by name, then type: ListResourceRecordSets, "Sort order"). Two types of one name
     * cost one call instead of two.
     */
    public static List<ResourceRecordSet> find(Route53Client route53, String zoneId, String name, List<RRType> types) {
        List<ResourceRecordSet> found = new ArrayList<>();
        String from = name;
        RRType fromType = null;
        while (true) {
            String start = from;
            RRType startType = fromType;
            var page = route53.listResourceRecordSets(r -> r.hostedZoneId(zoneId).startRecordName(start)
                    .startRecordType(startType).maxItems(String.valueOf(types.size())));
            page.resourceRecordSets().stream()
                    .filter(set -> bare(set.name()).equalsIgnoreCase(bare(name)) && types.contains(set.type()))
                    .forEach(found::add);
            boolean more = Boolean.TRUE.equals(page.isTruncated()) && page.nextRecordName() != null
                    && bare(page.nextRecordName()).equalsIgnoreCase(bare(name));
            if (!more || found.stream().map(ResourceRecordSet::type).distinct().count() == types.size()) {
                return found;
            }
            from = page.nextRecordName();
            fromType = page.nextRecordType();
        }
    }

    public static void upsert(Route53Client route53, String zoneId, List<ResourceRecordSet> sets) {
        change(route53, zoneId, ChangeAction.UPSERT, sets);
    }

    /** Deletes record sets exactly as they were read: Route 53 wants every value of the set. */
    public static void delete(Route53Client route53, String zoneId, List<ResourceRecordSet> sets) {
        change(route53, zoneId, ChangeAction.DELETE, sets);
    }

    private static void change(Route53Client route53, String zoneId, ChangeAction action, List<ResourceRecordSet> sets) {
        if (sets.isEmpty()) {
            return;
        }
        route53.changeResourceRecordSets(r -> r.hostedZoneId(zoneId).changeBatch(b -> b.changes(sets.stream()
                .map(set -> Change.builder().action(action).resourceRecordSet(set).build()).toList())));
    }

    public static List<String> values(ResourceRecordSet set) {
        return set.resourceRecords().stream().map(ResourceRecord::value).map(ZoneRecords::bare).sorted().toList();
    }
}
