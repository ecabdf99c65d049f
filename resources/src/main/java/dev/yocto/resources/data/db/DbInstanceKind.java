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
import java.util.Set;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbInstanceAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterStateException;

/**
 * The cluster's one Serverless v2 instance. The cluster is usable only once this is available, so
 * create waits for that.
 */
public final class DbInstanceKind implements Kind<DbInstanceKind.Settings> {

    public static final String ID = "rds:db-instance";
    public static final DbInstanceKind KIND = new DbInstanceKind();
    public static final Output<String> INSTANCE_ID = Output.attribute(ID, "id");
    public static final String INSTANCE_CLASS = "db.serverless";
    private static final Duration TIMEOUT = Duration.ofMinutes(60);

    public record Settings(Ref<String> clusterId) {
    }

    private DbInstanceKind() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean holdsData() {
        return true;
    }

    @Override
    public Optional<Live> observe(Context context, Address address, Optional<Settings> settings,
                                  Optional<String> knownId) {
        return describe(context.aws().rds(), knownId.orElse(RdsSupport.identifier(context, address)))
                .map(DbInstanceKind::live);
    }

    private static Optional<DBInstance> describe(RdsClient rds, String id) {
        try {
            return rds.describeDBInstances(r -> r.dbInstanceIdentifier(id)).dbInstances().stream().findFirst();
        } catch (DbInstanceNotFoundException e) {
            return Optional.empty();
        }
    }

    private static Live live(DBInstance instance) {
        return new Live(instance.dbInstanceIdentifier(), instance.dbInstanceArn(),
                Map.of("id", instance.dbInstanceIdentifier()),
                Map.of("cluster", String.valueOf(instance.dbClusterIdentifier()),
                        "instanceClass", instance.dbInstanceClass(),
                        "publiclyAccessible", String.valueOf(Boolean.TRUE.equals(instance.publiclyAccessible())),
                        "status", String.valueOf(instance.dbInstanceStatus())));
    }

    /**
     * Requested as soon as the cluster exists, while it is still {@code creating} (see
     * {@link DbClusterKind}): it needs only the cluster's identifier. Should AWS answer that the
     * cluster is in a state that takes no instance yet (InvalidDBClusterStateFault, one of
     * CreateDBInstance's documented errors), the request is repeated until it does.
     *
     * <p>Waited to {@code available}, because correctness needs it: the database is usable only
     * then, and the ECS service must not start tasks before (they would fail to connect, and the
     * deployment would roll back); the service gets there through the connection fields, which
     * depend on this instance.
     */
    @Override
    public Live create(Context context, Desired<Settings> desired) {
        Address address = desired.address();
        String id = RdsSupport.identifier(context, address);
        String clusterId = context.value(desired.settings().clusterId());
        Poll.whileRefused(context, address, "DB cluster " + clusterId + " to take an instance", TIMEOUT,
                e -> e instanceof InvalidDbClusterStateException, () -> {
                    try {
                        context.aws().rds().createDBInstance(r -> r.dbInstanceIdentifier(id)
                                .dbClusterIdentifier(clusterId).engine(DbClusterKind.ENGINE)
                                .dbInstanceClass(INSTANCE_CLASS).publiclyAccessible(false)
                                .tags(RdsSupport.tags(context, address)));
                    } catch (DbInstanceAlreadyExistsException e) {
                        // A request repeated after a passing error whose first attempt went through:
                        // the identifier is this stack's, and the plan found no such instance.
                    }
                    return id;
                });
        return awaitAvailable(context, address, id);
    }

    private static Live awaitAvailable(Context context, Address address, String id) {
        context.report(address, "waiting for instance " + id + " to become available");
        RdsClient rds = context.aws().rds();
        return Poll.until(context, address, "DB instance " + id + " to become available", TIMEOUT,
                () -> describe(rds, id).filter(i -> "available".equals(i.dbInstanceStatus())).map(DbInstanceKind::live));
    }

    @Override
    public Map<String, String> desiredFields(Context context, Desired<Settings> desired) {
        return Map.of("cluster", context.value(desired.settings().clusterId()), "instanceClass", INSTANCE_CLASS,
                "publiclyAccessible", "false");
    }

    @Override
    public Set<String> replacedOnChange() {
        return Set.of("cluster");
    }

    @Override
    public Live update(Context context, Desired<Settings> desired, Live live, List<Difference> differences) {
        context.aws().rds().modifyDBInstance(r -> r.dbInstanceIdentifier(live.physicalId())
                .dbInstanceClass(INSTANCE_CLASS).publiclyAccessible(false).applyImmediately(true));
        return awaitAvailable(context, desired.address(), live.physicalId());
    }

    @Override
    public void delete(Context context, Address address, Live live) {
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
