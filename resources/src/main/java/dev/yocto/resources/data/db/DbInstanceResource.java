package dev.yocto.resources.data.db;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Poll;
import dev.yocto.resources.api.Resource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;

/**
 * The cluster's one Serverless v2 instance. The cluster is usable only once this is available, so
 * create waits for that.
 */
public final class DbInstanceResource implements Resource {

    public static final String INSTANCE_CLASS = "db.serverless";
    private static final Duration TIMEOUT = Duration.ofMinutes(60);

    private final Address address;
    private final Address cluster;

    public DbInstanceResource(Address address, Address cluster) {
        this.address = address;
        this.cluster = cluster;
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public String kind() {
        return "rds:db-instance";
    }

    @Override
    public Set<Address> dependencies() {
        return Set.of(cluster);
    }

    @Override
    public Object settings() {
        return INSTANCE_CLASS;
    }

    @Override
    public Optional<Live> observe(Context context, Optional<String> knownId) {
        return describe(context.aws().rds(), knownId.orElse(RdsSupport.identifier(context, address))).map(this::live);
    }

    private static Optional<DBInstance> describe(RdsClient rds, String id) {
        try {
            return rds.describeDBInstances(r -> r.dbInstanceIdentifier(id)).dbInstances().stream().findFirst();
        } catch (DbInstanceNotFoundException e) {
            return Optional.empty();
        }
    }

    private Live live(DBInstance instance) {
        return new Live(instance.dbInstanceIdentifier(), instance.dbInstanceArn(),
                Map.of("id", instance.dbInstanceIdentifier()),
                Map.of("cluster", String.valueOf(instance.dbClusterIdentifier()),
                        "instanceClass", instance.dbInstanceClass(),
                        "publiclyAccessible", String.valueOf(Boolean.TRUE.equals(instance.publiclyAccessible())),
                        "status", String.valueOf(instance.dbInstanceStatus())));
    }

    @Override
    public Live create(Context context) {
        String id = RdsSupport.identifier(context, address);
        context.aws().rds().createDBInstance(r -> r.dbInstanceIdentifier(id)
                .dbClusterIdentifier(context.dependency(cluster).physicalId()).engine(DbClusterResource.ENGINE)
                .dbInstanceClass(INSTANCE_CLASS).publiclyAccessible(false).tags(RdsSupport.tags(context, address)));
        return awaitAvailable(context, id);
    }

    private Live awaitAvailable(Context context, String id) {
        context.report(address, "waiting for instance " + id + " to become available (AWS takes about ten minutes)");
        RdsClient rds = context.aws().rds();
        return Poll.until(context, address, "DB instance " + id + " to become available", TIMEOUT,
                () -> describe(rds, id).filter(i -> "available".equals(i.dbInstanceStatus())).map(this::live));
    }

    @Override
    public Map<String, String> desiredFields(Context context) {
        return Map.of("cluster", context.dependency(cluster).physicalId(), "instanceClass", INSTANCE_CLASS,
                "publiclyAccessible", "false");
    }

    @Override
    public Set<String> replacedOnChange() {
        return Set.of("cluster");
    }

    @Override
    public Live update(Context context, Live live, List<Difference> differences) {
        context.aws().rds().modifyDBInstance(r -> r.dbInstanceIdentifier(live.physicalId())
                .dbInstanceClass(INSTANCE_CLASS).publiclyAccessible(false).applyImmediately(true));
        return awaitAvailable(context, live.physicalId());
    }

    @Override
    public void delete(Context context, Live live) {
        RdsClient rds = context.aws().rds();
        if (!"deleting".equals(live.observed().get("status"))) {
            try {
                rds.deleteDBInstance(r -> r.dbInstanceIdentifier(live.physicalId()));
            } catch (DbInstanceNotFoundException e) {
                return;
            }
        }
        Poll.until(context, address, "DB instance " + live.physicalId() + " to be deleted", TIMEOUT,
                () -> describe(rds, live.physicalId()).isEmpty() ? Optional.of(true) : Optional.empty());
    }
}
