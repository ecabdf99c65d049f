package dev.yocto.resources.compute.dns;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Resource;
import dev.yocto.resources.dns.ZoneRecords;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.AliasTarget;
import software.amazon.awssdk.services.route53.model.NoSuchHostedZoneException;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * Alias records of one name in the stack's hosted zone: {@code <site>.<domain>} A and AAAA to the
 * site distribution, {@code api.<site>.<domain>} A to the load balancer. The API name has no AAAA
 * record because the load balancer is IPv4 only (the VPC has no IPv6); CloudFront reaches it over
 * IPv4, and viewers reach the API through CloudFront anyway. Aliases do not evaluate target health:
 * there is one target. The id is {@code <zone id>/<name>}; delete removes exactly these record sets.
 */
public final class AliasRecordsResource implements Resource {

    /** The hosted zone of every CloudFront distribution's alias target. */
    public static final String CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2";

    /**
     * What the alias points to: the DNS name in a dependency's attribute, and its hosted zone either
     * fixed ({@code zoneId}) or in another attribute ({@code zoneIdAttribute}).
     */
    public record Target(Address resource, String dnsNameAttribute, String zoneId, String zoneIdAttribute) {

        public static Target cloudFront(Address distribution) {
            return new Target(distribution, "domainName", CLOUDFRONT_ZONE_ID, null);
        }

        public static Target loadBalancer(Address loadBalancer) {
            return new Target(loadBalancer, "dnsName", null, "canonicalHostedZoneId");
        }

        AliasTarget resolve(Context context) {
            Live live = context.dependency(resource);
            return AliasTarget.builder().dnsName(live.attribute(dnsNameAttribute))
                    .hostedZoneId(zoneId != null ? zoneId : live.attribute(zoneIdAttribute))
                    .evaluateTargetHealth(false).build();
        }
    }

    public record Settings(String name, List<RRType> types) {
    }

    private final Address address;
    private final Settings settings;
    private final Address zone;
    private final Target target;

    public AliasRecordsResource(Address address, String name, List<RRType> types, Address zone, Target target) {
        this.address = address;
        this.settings = new Settings(name, List.copyOf(types));
        this.zone = zone;
        this.target = target;
    }

    /** {@code name} A and AAAA to a CloudFront distribution. */
    public static AliasRecordsResource toDistribution(Address address, String name, Address zone,
                                                      Address distribution) {
        return new AliasRecordsResource(address, name, List.of(RRType.A, RRType.AAAA), zone,
                Target.cloudFront(distribution));
    }

    /** {@code name} A (only: the load balancer has no IPv6) to a load balancer. */
    public static AliasRecordsResource toLoadBalancer(Address address, String name, Address zone,
                                                      Address loadBalancer) {
        return new AliasRecordsResource(address, name, List.of(RRType.A), zone, Target.loadBalancer(loadBalancer));
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public String kind() {
        return "route53:alias-records";
    }

    @Override
    public Set<Address> dependencies() {
        return new LinkedHashSet<>(List.of(zone, target.resource()));
    }

    @Override
    public Settings settings() {
        return settings;
    }

    /**
     * In the resolved zone, else (in teardown, which resolves nothing first) in the zone of the id from
     * state; absent when none of its record sets exists.
     */
    @Override
    public Optional<Live> observe(Context context, Optional<String> knownId) {
        Optional<String> zoneId = context.resolved(zone).map(Live::physicalId)
                .or(() -> knownId.map(id -> id.substring(0, id.indexOf('/'))));
        if (zoneId.isEmpty()) {
            return Optional.empty();
        }
        List<ResourceRecordSet> sets;
        try {
            sets = find(context.aws().route53(), zoneId.get());
        } catch (NoSuchHostedZoneException e) {
            return Optional.empty();
        }
        if (sets.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> observed = new LinkedHashMap<>();
        sets.forEach(set -> observed.put(set.typeAsString(), describe(set)));
        return Optional.of(live(zoneId.get(), observed));
    }

    private List<ResourceRecordSet> find(Route53Client route53, String zoneId) {
        return settings.types().stream().map(type -> ZoneRecords.find(route53, zoneId, settings.name(), type))
                .flatMap(Optional::stream).toList();
    }

    private Live live(String zoneId, Map<String, String> observed) {
        return Live.of(zoneId + "/" + settings.name(), Map.of("name", settings.name(), "zoneId", zoneId), observed);
    }

    private static String describe(ResourceRecordSet set) {
        AliasTarget alias = set.aliasTarget();
        if (alias == null) {
            return "records " + String.join(",", ZoneRecords.values(set)) + " ttl " + set.ttl();
        }
        return "alias " + ZoneRecords.bare(alias.dnsName()).toLowerCase(Locale.ROOT) + " zone " + alias.hostedZoneId()
                + " evaluateTargetHealth=" + Boolean.TRUE.equals(alias.evaluateTargetHealth());
    }

    private List<ResourceRecordSet> desiredSets(Context context) {
        AliasTarget alias = target.resolve(context);
        return settings.types().stream().map(type -> ResourceRecordSet.builder().name(settings.name()).type(type)
                .aliasTarget(alias).build()).toList();
    }

    @Override
    public Map<String, String> desiredFields(Context context) {
        Map<String, String> desired = new LinkedHashMap<>();
        desiredSets(context).forEach(set -> desired.put(set.typeAsString(), describe(set)));
        return desired;
    }

    @Override
    public Live create(Context context) {
        String zoneId = context.dependency(zone).physicalId();
        List<ResourceRecordSet> sets = desiredSets(context);
        ZoneRecords.upsert(context.aws().route53(), zoneId, sets);
        return live(zoneId, desiredFields(context));
    }

    @Override
    public Live update(Context context, Live live, List<Difference> differences) {
        return create(context);
    }

    @Override
    public void delete(Context context, Live live) {
        String zoneId = live.attribute("zoneId");
        Route53Client route53 = context.aws().route53();
        try {
            ZoneRecords.delete(route53, zoneId, find(route53, zoneId));
        } catch (NoSuchHostedZoneException e) {
            // the zone is gone, and its records with it
        }
    }
}
