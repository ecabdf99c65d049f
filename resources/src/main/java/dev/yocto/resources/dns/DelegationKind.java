package dev.yocto.resources.dns;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Kind;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Output;
import dev.yocto.resources.api.Ref;
import dev.yocto.resources.api.ResourceException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.NoSuchHostedZoneException;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * The NS record in the parent zone (in this account) that delegates the stack's domain to its
 * hosted zone. Without a parent zone id the user adds it by hand: see {@link #instructions}. Its id
 * {@code <parent zone id>/<domain>/NS} names the record, so it is found and deleted without settings.
 */
public final class DelegationKind implements Kind<DelegationKind.Settings> {

    public static final String ID = "route53:delegation";
    public static final DelegationKind KIND = new DelegationKind();
    public static final Output<String> RECORD = Output.physicalId(ID);
    /**
     * An hour, not the 2 days (172800 s) of the NS record Route 53 puts in a new zone: should the zone
     * ever be made again (new name servers), resolvers drop the old delegation within the hour.
     */
    static final long TTL = 3_600;

    /** @param nameServers the stack zone's, comma-separated */
    public record Settings(String parentZoneId, String domain, Ref<String> nameServers) {
    }

    /** The record: which name in which zone. */
    private record Target(String parentZoneId, String domain) {

        static Target of(String physicalId) {
            String[] parts = physicalId.split("/");
            return new Target(parts[0], parts[1]);
        }

        String id() {
            return parentZoneId + "/" + domain + "/NS";
        }
    }

    private DelegationKind() {
    }

    /** What to add where, when yocto cannot write the delegation itself. */
    public static String instructions(String domain, String nameServers) {
        String parent = domain.substring(domain.indexOf('.') + 1);
        return "delegate " + domain + " to its hosted zone: where the DNS of " + parent + " is hosted, add an NS "
                + "record named " + domain + " with the values " + String.join(" ", nameServers.split(","))
                + " and a TTL of at most " + TTL + " s (or set parentZoneId in yocto.yaml when that zone is in this "
                + "AWS account)";
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Optional<Live> observe(Context context, Address address, Optional<Settings> settings,
                                  Optional<String> knownId) {
        Target target = settings.map(s -> new Target(s.parentZoneId(), s.domain()))
                .orElseGet(() -> Target.of(knownId.orElseThrow()));
        return record(context, address, target).map(set -> live(target, set));
    }

    private static Optional<ResourceRecordSet> record(Context context, Address address, Target target) {
        try {
            return ZoneRecords.find(context.aws().route53(), target.parentZoneId(), target.domain(), RRType.NS);
        } catch (NoSuchHostedZoneException e) {
            throw new ResourceException(address, "the parent zone " + target.parentZoneId()
                    + " (parentZoneId) does not exist in this account: " + e.awsErrorDetails().errorMessage(), e);
        }
    }

    private static Live live(Target target, ResourceRecordSet set) {
        return Live.of(target.id(), Map.of("parentZoneId", target.parentZoneId()),
                Map.of("nameServers", String.join(",", ZoneRecords.values(set)), "ttl", String.valueOf(set.ttl())));
    }

    @Override
    public Live create(Context context, Desired<Settings> desired) {
        Settings settings = desired.settings();
        List<String> servers = nameServers(context, settings);
        ZoneRecords.upsert(context.aws().route53(), settings.parentZoneId(),
                List.of(ZoneRecords.recordSet(settings.domain(), RRType.NS, TTL, servers)));
        return live(new Target(settings.parentZoneId(), settings.domain()),
                ZoneRecords.recordSet(settings.domain(), RRType.NS, TTL, servers));
    }

    private static List<String> nameServers(Context context, Settings settings) {
        return Arrays.stream(context.value(settings.nameServers()).split(",")).sorted().toList();
    }

    @Override
    public Map<String, String> desiredFields(Context context, Desired<Settings> desired) {
        return Map.of("nameServers", String.join(",", nameServers(context, desired.settings())),
                "ttl", String.valueOf(TTL));
    }

    @Override
    public Live update(Context context, Desired<Settings> desired, Live live, List<Difference> differences) {
        return create(context, desired);
    }

    @Override
    public void delete(Context context, Address address, Live live) {
        Route53Client route53 = context.aws().route53();
        Target target = Target.of(live.physicalId());
        try {
            ZoneRecords.find(route53, target.parentZoneId(), target.domain(), RRType.NS)
                    .ifPresent(set -> ZoneRecords.delete(route53, target.parentZoneId(), List.of(set)));
        } catch (NoSuchHostedZoneException e) {
            // the parent zone is gone, and the delegation with it
        }
    }
}
