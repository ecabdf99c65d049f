package dev.yocto.resources.data.db;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Poll;
import dev.yocto.resources.api.Resource;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBSubnetGroup;
import software.amazon.awssdk.services.rds.model.DbSubnetGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.InvalidDbSubnetGroupStateException;
import software.amazon.awssdk.services.rds.model.Subnet;

/** The DB subnet group over the isolated subnets: the database has no route out. */
public final class DbSubnetGroupResource implements Resource {

    private static final Duration IN_USE_TIMEOUT = Duration.ofMinutes(30);
    private static final String DESCRIPTION = "Yoctogram database: isolated subnets";

    private final Address address;
    private final List<Address> subnets;

    public DbSubnetGroupResource(Address address, List<Address> subnets) {
        this.address = address;
        this.subnets = List.copyOf(subnets);
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public String kind() {
        return "rds:db-subnet-group";
    }

    @Override
    public Set<Address> dependencies() {
        return new LinkedHashSet<>(subnets);
    }

    @Override
    public Object settings() {
        return subnets;
    }

    @Override
    public Optional<Live> observe(Context context, Optional<String> knownId) {
        String name = knownId.orElse(RdsSupport.identifier(context, address));
        try {
            return context.aws().rds().describeDBSubnetGroups(r -> r.dbSubnetGroupName(name)).dbSubnetGroups().stream()
                    .findFirst().map(DbSubnetGroupResource::live);
        } catch (DbSubnetGroupNotFoundException e) {
            return Optional.empty();
        }
    }

    private static Live live(DBSubnetGroup group) {
        String subnetIds = group.subnets().stream().map(Subnet::subnetIdentifier).sorted()
                .collect(Collectors.joining(","));
        return new Live(group.dbSubnetGroupName(), group.dbSubnetGroupArn(),
                Map.of("name", group.dbSubnetGroupName(), "vpc", String.valueOf(group.vpcId())),
                Map.of("subnets", subnetIds, "description", String.valueOf(group.dbSubnetGroupDescription())));
    }

    @Override
    public Live create(Context context) {
        DBSubnetGroup group = context.aws().rds().createDBSubnetGroup(r -> r
                .dbSubnetGroupName(RdsSupport.identifier(context, address)).dbSubnetGroupDescription(DESCRIPTION)
                .subnetIds(subnetIds(context)).tags(RdsSupport.tags(context, address))).dbSubnetGroup();
        return live(group);
    }

    private List<String> subnetIds(Context context) {
        return subnets.stream().map(subnet -> context.dependency(subnet).physicalId()).sorted().toList();
    }

    @Override
    public Map<String, String> desiredFields(Context context) {
        return Map.of("subnets", String.join(",", subnetIds(context)), "description", DESCRIPTION);
    }

    @Override
    public Live update(Context context, Live live, List<Difference> differences) {
        return live(context.aws().rds().modifyDBSubnetGroup(r -> r.dbSubnetGroupName(live.physicalId())
                .dbSubnetGroupDescription(DESCRIPTION).subnetIds(subnetIds(context))).dbSubnetGroup());
    }

    /** RDS refuses while the cluster that used it is still being deleted. */
    @Override
    public void delete(Context context, Live live) {
        RdsClient rds = context.aws().rds();
        Poll.until(context, address, "DB subnet group " + live.physicalId() + " to be free of its cluster",
                IN_USE_TIMEOUT, () -> {
                    try {
                        rds.deleteDBSubnetGroup(r -> r.dbSubnetGroupName(live.physicalId()));
                        return Optional.of(true);
                    } catch (DbSubnetGroupNotFoundException e) {
                        return Optional.of(true);
                    } catch (InvalidDbSubnetGroupStateException e) {
                        return Optional.empty();
                    }
                });
    }
}
