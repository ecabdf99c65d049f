package dev.yocto.resources.data.db;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Kind;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Output;
import dev.yocto.resources.api.Poll;
import dev.yocto.resources.api.Ref;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBSubnetGroup;
import software.amazon.awssdk.services.rds.model.DbSubnetGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.InvalidDbSubnetGroupStateException;
import software.amazon.awssdk.services.rds.model.Subnet;

/** The DB subnet group over the isolated subnets: the database has no route out. */
public final class DbSubnetGroupKind implements Kind<DbSubnetGroupKind.Settings> {

    public static final String ID = "rds:db-subnet-group";
    public static final DbSubnetGroupKind KIND = new DbSubnetGroupKind();
    public static final Output<String> NAME = Output.attribute(ID, "name");
    private static final Duration IN_USE_TIMEOUT = Duration.ofMinutes(30);
    private static final String DESCRIPTION = "Yoctogram database: isolated subnets";

    public record Settings(List<Ref<String>> subnetIds) {

        public Settings {
            subnetIds = List.copyOf(subnetIds);
        }
    }

    private DbSubnetGroupKind() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Optional<Live> observe(Context context, Address address, Optional<Settings> settings,
                                  Optional<String> knownId) {
        String name = knownId.orElse(RdsSupport.identifier(context, address));
        try {
            return context.aws().rds().describeDBSubnetGroups(r -> r.dbSubnetGroupName(name)).dbSubnetGroups().stream()
                    .findFirst().map(DbSubnetGroupKind::live);
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
    public Live create(Context context, Desired<Settings> desired) {
        DBSubnetGroup group = context.aws().rds().createDBSubnetGroup(r -> r
                .dbSubnetGroupName(RdsSupport.identifier(context, desired.address()))
                .dbSubnetGroupDescription(DESCRIPTION).subnetIds(subnetIds(context, desired.settings()))
                .tags(RdsSupport.tags(context, desired.address()))).dbSubnetGroup();
        return live(group);
    }

    private static List<String> subnetIds(Context context, Settings settings) {
        return settings.subnetIds().stream().map(context::value).sorted().toList();
    }

    @Override
    public Map<String, String> desiredFields(Context context, Desired<Settings> desired) {
        return Map.of("subnets", String.join(",", subnetIds(context, desired.settings())), "description", DESCRIPTION);
    }

    @Override
    public Live update(Context context, Desired<Settings> desired, Live live, List<Difference> differences) {
        return live(context.aws().rds().modifyDBSubnetGroup(r -> r.dbSubnetGroupName(live.physicalId())
                .dbSubnetGroupDescription(DESCRIPTION).subnetIds(subnetIds(context, desired.settings())))
                .dbSubnetGroup());
    }

    /** RDS refuses while the cluster that used it is still being deleted. */
    @Override
    public void delete(Context context, Address address, Live live) {
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
