package dev.yocto.resources.dns;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Resource;
import dev.yocto.resources.api.ResourceException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.NoSuchHostedZoneException;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * The NS record in the parent zone (in this account) that delegates the stack's domain to its
 * hosted zone. Without a parent zone id the user adds it by hand: see {@link #instructions}.
 */
public final class DelegationResource implements Resource {

    public static final Address ADDRESS = Address.of("dns/delegation");
    private static final long TTL = 172_800;

    public record Settings(String parentZoneId, String domain) {
    }

    private final Settings settings;

    public DelegationResource(String parentZoneId, String domain) {
        this.settings = new Settings(parentZoneId, domain);
    }

    /** What to add where, when yocto cannot write the delegation itself. */
    public static String instructions(String domain, String nameServers) {
        String parent = domain.substring(domain.indexOf('.') + 1);
        return "delegate " + domain + " to its hosted zone: where the DNS of " + parent + " is hosted, add an NS "
                + "record named " + domain + " with the values " + String.join(" ", nameServers.split(","))
                + " (or set parentZoneId in yocto.yaml when that zone is in this AWS account)";
    }

    @Override
    public Address address() {
        return ADDRESS;
    }

    @Override
    public String kind() {
        return "route53:delegation";
    }

    @Override
    public Set<Address> dependencies() {
        return Set.of(HostedZoneResource.ADDRESS);
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public Optional<Live> observe(Context context, Optional<String> knownId) {
        return record(context).map(this::live);
    }

    private Optional<ResourceRecordSet> record(Context context) {
        try {
            return ZoneRecords.find(context.aws().route53(), settings.parentZoneId(), settings.domain(), RRType.NS);
        } catch (NoSuchHostedZoneException e) {
            throw new ResourceException(ADDRESS, "the parent zone " + settings.parentZoneId()
                    + " (parentZoneId) does not exist in this account: " + e.awsErrorDetails().errorMessage(), e);
        }
    }

    private Live live(ResourceRecordSet set) {
        String id = settings.parentZoneId() + "/" + settings.domain() + "/NS";
        return Live.of(id, Map.of("parentZoneId", settings.parentZoneId()),
                Map.of("nameServers", String.join(",", ZoneRecords.values(set))));
    }

    @Override
    public Live create(Context context) {
        return upsert(context);
    }

    private Live upsert(Context context) {
        List<String> servers = nameServers(context);
        ZoneRecords.upsert(context.aws().route53(), settings.parentZoneId(),
                List.of(ZoneRecords.recordSet(settings.domain(), RRType.NS, TTL, servers)));
        return live(ZoneRecords.recordSet(settings.domain(), RRType.NS, TTL, servers));
    }

    private static List<String> nameServers(Context context) {
        return Arrays.stream(context.dependency(HostedZoneResource.ADDRESS).attribute("nameServers").split(","))
                .sorted().toList();
    }

    @Override
    public Map<String, String> desiredFields(Context context) {
        return Map.of("nameServers", String.join(",", nameServers(context)));
    }

    @Override
    public Live update(Context context, Live live, List<dev.yocto.resources.api.Difference> differences) {
        return upsert(context);
    }

    @Override
    public void delete(Context context, Live live) {
        Route53Client route53 = context.aws().route53();
        try {
            ZoneRecords.find(route53, settings.parentZoneId(), settings.domain(), RRType.NS)
                    .ifPresent(set -> ZoneRecords.delete(route53, settings.parentZoneId(), List.of(set)));
        } catch (NoSuchHostedZoneException e) {
            // the parent zone is gone, and the delegation with it
        }
    }
}
