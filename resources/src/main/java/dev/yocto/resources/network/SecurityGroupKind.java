package dev.yocto.resources.network;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Output;
import dev.yocto.resources.api.Poll;
import dev.yocto.resources.api.Ref;
import dev.yocto.resources.api.ResourceException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.ManagedPrefixList;
import software.amazon.awssdk.services.ec2.model.PrefixListId;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

/** A security group with its ingress rules; egress stays AWS's default (all traffic out). */
public final class SecurityGroupKind extends Ec2Kind<SecurityGroupKind.Settings, SecurityGroup> {

    public static final String ID = "ec2:security-group";
    public static final Output<String> GROUP_ID = Output.attribute(ID, "id");

    /**
     * TCP {@code port} from a CIDR block, from another security group, or from an AWS-managed prefix
     * list named by its name (its id differs by region and is looked up).
     */
    public record Ingress(int port, Optional<String> cidr, Optional<Ref<String>> group,
                          Optional<String> managedPrefixList) {

        public static Ingress fromCidr(int port, String cidr) {
            return new Ingress(port, Optional.of(cidr), Optional.empty(), Optional.empty());
        }

        public static Ingress fromGroup(int port, Ref<String> group) {
            return new Ingress(port, Optional.empty(), Optional.of(group), Optional.empty());
        }

        public static Ingress fromManagedPrefixList(int port, String name) {
            return new Ingress(port, Optional.empty(), Optional.empty(), Optional.of(name));
        }
    }

    public record Settings(Ref<String> vpcId, String description, List<Ingress> ingress) {

        public Settings {
            ingress = List.copyOf(ingress);
        }
    }

    private static final Ec2Listing<SecurityGroup> LISTING = new Ec2Listing<>(ID,
            context -> context.aws().ec2().describeSecurityGroups(r -> r.filters(Ec2Support.stackFilter(context)))
                    .securityGroups(),
            SecurityGroup::groupId, SecurityGroup::tags, (context, id) -> describe(context.aws().ec2(), id));

    /** Made after {@code LISTING}, which its constructor takes. */
    public static final SecurityGroupKind KIND = new SecurityGroupKind();

    private SecurityGroupKind() {
        super(LISTING);
    }

    @Override
    Live live(Context context, SecurityGroup group) {
        return live(group);
    }

    @Override
    Live observed(Context context, Address address, Optional<Settings> settings, SecurityGroup group) {
        return settings.map(s -> withPrefixLists(context, address, s, live(group))).orElseGet(() -> live(group));
    }

    /**
     * With the ids of the managed prefix lists its rules name, as attributes: state keeps them, and
     * the next run reads them from there ({@link Context#kept}) instead of looking them up again.
     */
    private static Live withPrefixLists(Context context, Address address, Settings settings, Live live) {
        Map<String, String> attributes = new TreeMap<>(live.attributes());
        settings.ingress().forEach(rule -> rule.managedPrefixList().ifPresent(name ->
                attributes.put(prefixListAttribute(name), managedPrefixListId(context, address, name))));
        return new Live(live.physicalId(), live.arn(), attributes, live.observed());
    }

    private static String prefixListAttribute(String name) {
        return "prefixList " + name;
    }

    private static String groupName(Context context, Address address) {
        return context.stack() + "-" + address.dashed();
    }

    private static Optional<SecurityGroup> describe(Ec2Client ec2, String id) {
        return ec2.describeSecurityGroups(r -> r.groupIds(id)).securityGroups().stream().findFirst();
    }

    private static Live live(SecurityGroup group) {
        Set<String> rules = new TreeSet<>();
        for (IpPermission permission : group.ipPermissions()) {
            String ports = permission.ipProtocol() + ":" + permission.fromPort() + "-" + permission.toPort();
            permission.ipRanges().forEach(range -> rules.add(ports + "<-" + range.cidrIp()));
            permission.userIdGroupPairs().forEach(pair -> rules.add(ports + "<-" + pair.groupId()));
            permission.prefixListIds().forEach(list -> rules.add(ports + "<-" + list.prefixListId()));
        }
        return Live.of(group.groupId(), Map.of("id", group.groupId()), Map.of("vpc", group.vpcId(),
                "description", group.description(), "ingress", String.join(",", rules)));
    }

    @Override
    public Live create(Context context, Desired<Settings> desired) {
        Ec2Client ec2 = context.aws().ec2();
        Settings settings = desired.settings();
        String groupId = ec2.createSecurityGroup(r -> r.groupName(groupName(context, desired.address()))
                .description(settings.description()).vpcId(context.value(settings.vpcId()))
                .tagSpecifications(Ec2Support.tagSpecification(context, desired.address(), ResourceType.SECURITY_GROUP)))
                .groupId();
        List<IpPermission> permissions = desiredRules(context, desired).stream().map(SecurityGroupKind::permission)
                .toList();
        Ec2Support.whenKnown(context, desired.address(), "security group " + groupId + " to take its rules",
                () -> ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(permissions)));
        return withPrefixLists(context, desired.address(), settings, live(Poll.until(context, desired.address(),
                "security group " + groupId + " to be described", Poll.NOT_FOUND_GRACE, () -> describe(ec2, groupId))));
    }

    private static Set<String> desiredRules(Context context, Desired<Settings> desired) {
        Set<String> rules = new TreeSet<>();
        for (Ingress rule : desired.settings().ingress()) {
            String source = rule.cidr().or(() -> rule.group().map(context::value))
                    .orElseGet(() -> managedPrefixListId(context, desired.address(), rule.managedPrefixList().orElseThrow()));
            rules.add("tcp:" + rule.port() + "-" + rule.port() + "<-" + source);
        }
        return rules;
    }

    /**
     * The id of an AWS-managed prefix list in this region: as state kept it (AWS never changes the id
     * of its managed lists), else looked up once per run.
     */
    private static String managedPrefixListId(Context context, Address address, String name) {
        Optional<String> kept = context.kept(address, prefixListAttribute(name));
        if (kept.isPresent()) {
            return kept.get();
        }
        return context.listing("ec2:managed-prefix-list:" + name, () -> context.aws().ec2()
                .describeManagedPrefixLists(r -> r.filters(f -> f.name("prefix-list-name").values(name)))
                .prefixLists().stream().filter(list -> "AWS".equals(list.ownerId())).findFirst()
                .map(ManagedPrefixList::prefixListId)
                .orElseThrow(() -> new ResourceException(address, "the AWS-managed prefix list " + name
                        + " does not exist in " + context.region())));
    }

    /** Parses the canonical rule text back into the API's shape. */
    private static IpPermission permission(String rule) {
        String[] sides = rule.split("<-", 2);
        String[] protocolPorts = sides[0].split(":", 2);
        String[] ports = protocolPorts[1].split("-", 2);
        IpPermission.Builder permission = IpPermission.builder().ipProtocol(protocolPorts[0]);
        if (!"-1".equals(protocolPorts[0])) {
            permission.fromPort(Integer.valueOf(ports[0])).toPort(Integer.valueOf(ports[1]));
        }
        if (sides[1].startsWith("sg-")) {
            permission.userIdGroupPairs(UserIdGroupPair.builder().groupId(sides[1]).build());
        } else if (sides[1].startsWith("pl-")) {
            permission.prefixListIds(PrefixListId.builder().prefixListId(sides[1]).build());
        } else {
            permission.ipRanges(IpRange.builder().cidrIp(sides[1]).build());
        }
        return permission.build();
    }

    @Override
    public Map<String, String> desiredFields(Context context, Desired<Settings> desired) {
        Settings settings = desired.settings();
        return Map.of("vpc", context.value(settings.vpcId()), "description", settings.description(),
                "ingress", String.join(",", desiredRules(context, desired)));
    }

    @Override
    public Set<String> replacedOnChange() {
        return Set.of("vpc", "description");
    }

    @Override
    public Live update(Context context, Desired<Settings> desired, Live live, List<Difference> differences) {
        Ec2Client ec2 = context.aws().ec2();
        Set<String> want = split(differences.stream().filter(d -> d.field().equals("ingress")).findFirst()
                .map(Difference::desired).orElse(""));
        Set<String> have = split(live.observed().get("ingress"));
        List<IpPermission> revoke = new ArrayList<>();
        List<IpPermission> authorize = new ArrayList<>();
        have.stream().filter(rule -> !want.contains(rule)).forEach(rule -> revoke.add(permission(rule)));
        want.stream().filter(rule -> !have.contains(rule)).forEach(rule -> authorize.add(permission(rule)));
        if (!revoke.isEmpty()) {
            ec2.revokeSecurityGroupIngress(r -> r.groupId(live.physicalId()).ipPermissions(revoke));
        }
        if (!authorize.isEmpty()) {
            ec2.authorizeSecurityGroupIngress(r -> r.groupId(live.physicalId()).ipPermissions(authorize));
        }
        return withPrefixLists(context, desired.address(), desired.settings(),
                live(describe(ec2, live.physicalId()).orElseThrow()));
    }

    private static Set<String> split(String rules) {
        return rules == null || rules.isEmpty() ? new TreeSet<>() : new TreeSet<>(Arrays.asList(rules.split(",")));
    }

    @Override
    public void delete(Context context, Address address, Live live) {
        // Groups that reference each other or are still on ENIs (load balancers, tasks) are refused
        // for a while after those are deleted.
        Ec2Support.deleteWhenFree(context, address, "security group " + live.physicalId(),
                () -> context.aws().ec2().deleteSecurityGroup(r -> r.groupId(live.physicalId())));
    }
}
