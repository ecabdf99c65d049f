package dev.yocto.resources.compute.dns;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Kind;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Ref;
import dev.yocto.resources.dns.ZoneRecords;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
public final class AliasRecordsKind implements Kind<AliasRecordsKind.Settings> {

    public static final String ID = "route53:alias-records";
    public static final AliasRecordsKind KIND = new AliasRecordsKind();
    /** The hosted zone of every CloudFront distribution's alias target. */
    public static final String CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2";
    /** What an orphan is looked for as: every type this kind makes. */
    private static final List<RRType> ALL_TYPES = List.of(RRType.A, RRType.AAAA);

    /** What the alias points to: a DNS name, in a fixed hosted zone or in the one another resource names. */
    public record Target(Ref<String> dnsName, Optional<String> fixedZoneId, Optional<Ref<String>> zoneId) {

        public static Target cloudFront(Ref<String> domainName) {
            return new Target(domainName, Optional.of(CLOUDFRONT_ZONE_ID), Optional.empty());
        }

        public static Target loadBalancer(Ref<String> dnsName, Ref<String> canonicalHostedZoneId) {
            return new Target(dnsName, Optional.empty(), Optional.of(canonicalHostedZoneId));
        }

        AliasTarget resolve(Context context) {
            return AliasTarget.builder().dnsName(context.value(dnsName))
                    .hostedZoneId(fixedZoneId.orElseGet(() -> context.value(zoneId.orElseThrow())))
                    .evaluateTargetHealth(false).build();
        }
    }

    /** {@code name}'s records of {@code types} in the zone {@code zoneId}, aliases to {@code target}. */
    public record Settings(String name, List<RRType> types, Ref<String> zoneId, Target target) {

        public Settings {
            types = List.copyOf(types);
        }

        /** {@code name} A and AAAA to a CloudFront distribution. */
        public static Settings toDistribution(String name, Ref<String> zoneId, Ref<String> domainName) {
            return new Settings(name, List.of(RRType.A, RRType.AAAA), zoneId, Target.cloudFront(domainName));
        }

        /** {@code name} A (only: the load balancer has no IPv6) to a load balancer. */
        public static Settings toLoadBalancer(String name, Ref<String> zoneId, Ref<String> dnsName,
                                              Ref<String> canonicalHostedZoneId) {
            return new Settings(name, List.of(RRType.A), zoneId, Target.loadBalancer(dnsName, canonicalHostedZoneId));
        }
    }

    private AliasRecordsKind() {
    }

    @Override
    public String id() {
        return ID;
    }

    /**
     * In the resolved zone, else (in teardown, which resolves nothing first) in the zone of the id from
     * state ({@code <zone id>/<name>}); absent when none of its record sets exists.
     */
    @Override
    public Optional<Live> observe(Context context, Address address, Optional<Settings> settings,
                                  Optional<String> knownId) {
        Optional<String> zoneId = settings.flatMap(s -> context.valueIfResolved(s.zoneId()))
                .or(() -> knownId.map(id -> id.substring(0, id.indexOf('/'))));
        Optional<String> name = settings.map(Settings::name)
                .or(() -> knownId.map(id -> id.substring(id.indexOf('/') + 1)));
        if (zoneId.isEmpty() || name.isEmpty()) {
            return Optional.empty();
        }
        List<ResourceRecordSet> sets;
        try {
            sets = find(context.aws().route53(), zoneId.get(), name.get(),
                    settings.map(Settings::types).orElse(ALL_TYPES));
        } catch (NoSuchHostedZoneException e) {
            return Optional.empty();
        }
        if (sets.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> observed = new LinkedHashMap<>();
        sets.forEach(set -> observed.put(set.typeAsString(), describe(set)));
        return Optional.of(live(zoneId.get(), name.get(), observed));
    }

    private static List<ResourceRecordSet> find(Route53Client route53, String zoneId, String name,
                                                List<RRType> types) {
        return ZoneRecords.find(route53, zoneId, name, types);
    }

    private static Live live(String zoneId, String name, Map<String, String> observed) {
        return Live.of(zoneId + "/" + name, Map.of("name", name, "zoneId", zoneId), observed);
    }

    private static String describe(ResourceRecordSet set) {
        AliasTarget alias = set.aliasTarget();
        if (alias == null) {
            return "records " + String.join(",", ZoneRecords.values(set)) + " ttl " + set.ttl();
        }
        return "alias " + ZoneRecords.bare(alias.dnsName()).toLowerCase(Locale.ROOT) + " zone " + alias.hostedZoneId()
                + " evaluateTargetHealth=" + Boolean.TRUE.equals(alias.evaluateTargetHealth());
    }

    private static List<ResourceRecordSet> desiredSets(Context context, Settings settings) {
        AliasTarget alias = settings.target().resolve(context);
        return settings.types().stream().map(type -> ResourceRecordSet.builder().name(settings.name()).type(type)
                .aliasTarget(alias).build()).toList();
    }

    @Override
    public Map<String, String> desiredFields(Context context, Desired<Settings> desired) {
        Map<String, String> fields = new LinkedHashMap<>();
        desiredSets(context, desired.settings()).forEach(set -> fields.put(set.typeAsString(), describe(set)));
        return fields;
    }

    @Override
    public Live create(Context context, Desired<Settings> desired) {
        Settings settings = desired.settings();
        String zoneId = context.value(settings.zoneId());
        ZoneRecords.upsert(context.aws().route53(), zoneId, desiredSets(context, settings));
        return live(zoneId, settings.name(), desiredFields(context, desired));
    }

    @Override
    public Live update(Context context, Desired<Settings> desired, Live live, List<Difference> differences) {
        return create(context, desired);
    }

    /** The record sets it observed (their types are the observed fields, else every type), as they are now. */
    @Override
    public void delete(Context context, Address address, Live live) {
        String zoneId = live.attribute("zoneId");
        List<RRType> types = live.observed().isEmpty() ? ALL_TYPES
                : live.observed().keySet().stream().map(RRType::fromValue).toList();
        Route53Client route53 = context.aws().route53();
        try {
            ZoneRecords.delete(route53, zoneId, find(route53, zoneId, live.attribute("name"), types));
        } catch (NoSuchHostedZoneException e) {
            // the zone is gone, and its records with it
        }
    }
}
