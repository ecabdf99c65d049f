package dev.yocto.resources.dns;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Kind;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Output;
import dev.yocto.resources.api.Tags;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.CreateHostedZoneResponse;
import software.amazon.awssdk.services.route53.model.DelegationSet;
import software.amazon.awssdk.services.route53.model.GetHostedZoneResponse;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.NoSuchHostedZoneException;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.Tag;
import software.amazon.awssdk.services.route53.model.TagResourceType;

/**
 * The public hosted zone of the stack's domain. Its name servers are an attribute (comma-separated,
 * read by {@code yocto outputs}); the parent zone must delegate to them.
 */
public final class HostedZoneKind implements Kind<HostedZoneKind.Settings> {

    public static final String ID = "route53:hosted-zone";
    public static final HostedZoneKind KIND = new HostedZoneKind();
    public static final Output<String> ZONE_ID = Output.attribute(ID, "id");
    /** Comma-separated, without the final dot. */
    public static final Output<String> NAME_SERVERS = Output.attribute(ID, "nameServers");

    public record Settings(String domain) {
    }

    private HostedZoneKind() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Optional<Live> observe(Context context, Address address, Optional<Settings> settings,
                                  Optional<String> knownId) {
        Route53Client route53 = context.aws().route53();
        return knownId.flatMap(id -> get(route53, id))
                .or(() -> settings.flatMap(s -> findOurs(context, route53, address, s.domain())))
                .map(zone -> live(zone, tags(route53, id(zone.hostedZone()))));
    }

    private static Optional<GetHostedZoneResponse> get(Route53Client route53, String zoneId) {
        try {
            return Optional.of(route53.getHostedZone(r -> r.id(zoneId)));
        } catch (NoSuchHostedZoneException e) {
            return Optional.empty();
        }
    }

    /**
     * Among the zones of this name, ours carries our tags or, when a crash came between
     * CreateHostedZone and tagging it, our caller reference.
     */
    private static Optional<GetHostedZoneResponse> findOurs(Context context, Route53Client route53, Address address,
                                                            String domain) {
        String reference = context.idempotencyToken(address);
        List<HostedZone> sameName = route53.listHostedZonesByName(r -> r.dnsName(domain)).hostedZones()
                .stream().filter(zone -> ZoneRecords.bare(zone.name()).equalsIgnoreCase(domain)).toList();
        for (HostedZone zone : sameName) {
            String zoneId = id(zone);
            if (zone.callerReference() != null && zone.callerReference().startsWith(reference)
                    || Tags.belongsTo(tags(route53, zoneId), context.stack(), address)) {
                return get(route53, zoneId);
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> tags(Route53Client route53, String zoneId) {
        return route53.listTagsForResource(r -> r.resourceType(TagResourceType.HOSTEDZONE).resourceId(zoneId))
                .resourceTagSet().tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> a));
    }

    private static String id(HostedZone zone) {
        return zone.id().substring(zone.id().lastIndexOf('/') + 1);
    }

    private static Live live(GetHostedZoneResponse response, Map<String, String> tags) {
        return live(response.hostedZone(), response.delegationSet(), tags);
    }

    private static Live live(HostedZone zone, DelegationSet delegation, Map<String, String> tags) {
        String nameServers = delegation == null ? "" : delegation.nameServers().stream().map(ZoneRecords::bare)
                .collect(Collectors.joining(","));
        String name = ZoneRecords.bare(zone.name());
        boolean privateZone = zone.config() != null && Boolean.TRUE.equals(zone.config().privateZone());
        return Live.of(id(zone), Map.of("id", id(zone), "name", name, "nameServers", nameServers),
                Map.of("name", name, "private", String.valueOf(privateZone), "tags", Tags.ours(tags)));
    }

    @Override
    public Live create(Context context, Desired<Settings> desired) {
        Route53Client route53 = context.aws().route53();
        Address address = desired.address();
        CreateHostedZoneResponse created = route53.createHostedZone(r -> r.name(desired.settings().domain())
                .callerReference(context.uniqueReference(address))
                .hostedZoneConfig(c -> c.privateZone(false).comment("yocto stack " + context.stack())));
        tag(context, route53, address, id(created.hostedZone()));
        return live(created.hostedZone(), created.delegationSet(), context.tags(address));
    }

    private static void tag(Context context, Route53Client route53, Address address, String zoneId) {
        route53.changeTagsForResource(r -> r.resourceType(TagResourceType.HOSTEDZONE).resourceId(zoneId)
                .addTags(context.tags(address).entrySet().stream()
                        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()));
    }

    @Override
    public Map<String, String> desiredFields(Context context, Desired<Settings> desired) {
        return Map.of("name", desired.settings().domain(), "private", "false",
                "tags", Tags.ours(context.tags(desired.address())));
    }

    @Override
    public Live update(Context context, Desired<Settings> desired, Live live, List<Difference> differences) {
        tag(context, context.aws().route53(), desired.address(), live.physicalId());
        return observe(context, desired.address(), Optional.of(desired.settings()), Optional.of(live.physicalId()))
                .orElseThrow();
    }

    @Override
    public Set<String> replacedOnChange() {
        return Set.of("name", "private");
    }

    /** Removes every record but the zone's own NS and SOA (validation and alias records), then the zone. */
    @Override
    public void delete(Context context, Address address, Live live) {
        Route53Client route53 = context.aws().route53();
        String apex = ZoneRecords.bare(live.attribute("name"));
        try {
            List<ResourceRecordSet> records = ZoneRecords.all(route53, live.physicalId()).stream()
                    .filter(set -> !(ZoneRecords.bare(set.name()).equalsIgnoreCase(apex)
                            && (set.type() == RRType.NS || set.type() == RRType.SOA)))
                    .toList();
            ZoneRecords.delete(route53, live.physicalId(), records);
            route53.deleteHostedZone(r -> r.id(live.physicalId()));
        } catch (NoSuchHostedZoneException e) {
            // already gone
        }
    }
}
