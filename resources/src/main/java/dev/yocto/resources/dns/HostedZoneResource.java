package dev.yocto.resources.dns;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Resource;
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
public final class HostedZoneResource implements Resource {

    public static final Address ADDRESS = Address.of("dns/zone");

    public record Settings(String domain) {
    }

    private final Settings settings;

    public HostedZoneResource(String domain) {
        this.settings = new Settings(domain);
    }

    @Override
    public Address address() {
        return ADDRESS;
    }

    @Override
    public String kind() {
        return "route53:hosted-zone";
    }

    @Override
    public Set<Address> dependencies() {
        return Set.of();
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public Optional<Live> observe(Context context, Optional<String> knownId) {
        Route53Client route53 = context.aws().route53();
        return knownId.flatMap(id -> get(route53, id)).or(() -> findOurs(context, route53))
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
    private Optional<GetHostedZoneResponse> findOurs(Context context, Route53Client route53) {
        String reference = context.idempotencyToken(ADDRESS);
        List<HostedZone> sameName = route53.listHostedZonesByName(r -> r.dnsName(settings.domain())).hostedZones()
                .stream().filter(zone -> ZoneRecords.bare(zone.name()).equalsIgnoreCase(settings.domain())).toList();
        for (HostedZone zone : sameName) {
            String zoneId = id(zone);
            if (zone.callerReference() != null && zone.callerReference().startsWith(reference) || Tags.belongsTo(tags(route53, zoneId), context.stack(), ADDRESS)) {
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
    public Live create(Context context) {
        Route53Client route53 = context.aws().route53();
        CreateHostedZoneResponse created = route53.createHostedZone(r -> r.name(settings.domain())
                .callerReference(context.uniqueReference(ADDRESS))
                .hostedZoneConfig(c -> c.privateZone(false).comment("yocto stack " + context.stack())));
        tag(context, route53, id(created.hostedZone()));
        return live(created.hostedZone(), created.delegationSet(), context.tags(ADDRESS));
    }

    private static void tag(Context context, Route53Client route53, String zoneId) {
        route53.changeTagsForResource(r -> r.resourceType(TagResourceType.HOSTEDZONE).resourceId(zoneId)
                .addTags(context.tags(ADDRESS).entrySet().stream()
                        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()));
    }

    @Override
    public Map<String, String> desiredFields(Context context) {
        return Map.of("name", settings.domain(), "private", "false", "tags", Tags.ours(context.tags(ADDRESS)));
    }

    @Override
    public Live update(Context context, Live live, List<Difference> differences) {
        tag(context, context.aws().route53(), live.physicalId());
        return observe(context, Optional.of(live.physicalId())).orElseThrow();
    }

    @Override
    public Set<String> replacedOnChange() {
        return Set.of("name", "private");
    }

    /** Removes every record but the zone's own NS and SOA (validation and alias records), then the zone. */
    @Override
    public void delete(Context context, Live live) {
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
