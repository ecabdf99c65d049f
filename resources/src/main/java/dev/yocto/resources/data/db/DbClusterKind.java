package dev.yocto.resources.data.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Kind;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Poll;
import dev.yocto.resources.api.Output;
import dev.yocto.resources.api.Ref;
import dev.yocto.resources.api.ResourceException;
import dev.yocto.resources.api.DataSafety;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterStateException;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterRequest;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/**
 * The Aurora PostgreSQL Serverless v2 cluster: encrypted, in the isolated subnets behind the db
 * security group, master password taken from the db secret. The tag {@code yocto:password-secret}
 * records which secret the password came from, so a secret re-created out of band resets it.
 */
public final class DbClusterKind implements Kind<DbClusterKind.Settings> {

    public static final String ID = "rds:db-cluster";
    public static final DbClusterKind KIND = new DbClusterKind();
    public static final Output<String> CLUSTER_ID = Output.attribute(ID, "id");
    public static final Output<String> ENDPOINT = Output.attribute(ID, "endpoint");
    public static final Output<String> PORT = Output.attribute(ID, "port");
    public static final String ENGINE = "aurora-postgresql";
    static final String PASSWORD_SECRET_TAG = "yocto:password-secret";
    private static final Duration TIMEOUT = Duration.ofMinutes(45);
    /** Days of automated backups (point-in-time restore); AWS's default is 1. */
    static final int BACKUP_RETENTION_DAYS = 7;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param secretArn      the db secret, whose password the cluster's master user gets
     * @param parameterGroup the cluster parameter group (its family must match the engine version)
     */
    public record Settings(String engineVersion, String database, String username, double minCapacity,
                           double maxCapacity, boolean deletionProtection, Ref<String> subnetGroup,
                           Ref<String> securityGroupId, Ref<String> secretArn, Ref<String> parameterGroup) {
    }

    /** The parameter group family of an Aurora PostgreSQL version: {@code 16.6} → {@code aurora-postgresql16}. */
    public static String parameterGroupFamily(String engineVersion) {
        return ENGINE + engineVersion.split("\\.")[0];
    }

    private DbClusterKind() {
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
                .map(DbClusterKind::live);
    }

    private static Optional<DBCluster> describe(RdsClient rds, String id) {
        try {
            return rds.describeDBClusters(r -> r.dbClusterIdentifier(id)).dbClusters().stream().findFirst();
        } catch (DbClusterNotFoundException e) {
            return Optional.empty();
        }
    }

    private static Live live(DBCluster cluster) {
        Map<String, String> observed = new HashMap<>();
        observed.put("engine", cluster.engine());
        observed.put("engineVersion", cluster.engineVersion());
        observed.put("databaseName", String.valueOf(cluster.databaseName()));
        observed.put("masterUsername", String.valueOf(cluster.masterUsername()));
        observed.put("storageEncrypted", String.valueOf(Boolean.TRUE.equals(cluster.storageEncrypted())));
        observed.put("securityGroups", cluster.vpcSecurityGroups().stream()
                .map(VpcSecurityGroupMembership::vpcSecurityGroupId).sorted().collect(Collectors.joining(",")));
        observed.put("subnetGroup", String.valueOf(cluster.dbSubnetGroup()));
        var scaling = cluster.serverlessV2ScalingConfiguration();
        observed.put("minCapacity", scaling == null ? "none" : String.valueOf(scaling.minCapacity()));
        observed.put("maxCapacity", scaling == null ? "none" : String.valueOf(scaling.maxCapacity()));
        observed.put("deletionProtection", String.valueOf(Boolean.TRUE.equals(cluster.deletionProtection())));
        observed.put("backupRetention", String.valueOf(cluster.backupRetentionPeriod()));
        observed.put("parameterGroup", String.valueOf(cluster.dbClusterParameterGroup()));
        observed.put("passwordSecret", RdsSupport.asMap(cluster.tagList()).getOrDefault(PASSWORD_SECRET_TAG, "none"));
        observed.put("status", cluster.status());
        return new Live(cluster.dbClusterIdentifier(), cluster.dbClusterArn(),
                Map.of("id", cluster.dbClusterIdentifier(), "arn", cluster.dbClusterArn(),
                        "endpoint", String.valueOf(cluster.endpoint()), "port", String.valueOf(cluster.port())),
                observed);
    }

    @Override
    public Live create(Context context, Desired<Settings> desired) {
        Settings settings = desired.settings();
        Address address = desired.address();
        RdsSupport.requireEngineVersion(context, address, ENGINE, settings.engineVersion());
        String id = RdsSupport.identifier(context, address);
        String secretArn = context.value(settings.secretArn());
        Map<String, String> tags = new LinkedHashMap<>(context.tags(address));
        tags.put(PASSWORD_SECRET_TAG, secretArn);
        context.aws().rds().createDBCluster(r -> r.dbClusterIdentifier(id).engine(ENGINE)
                .engineVersion(settings.engineVersion()).databaseName(settings.database())
                .masterUsername(settings.username()).masterUserPassword(password(context, address, secretArn))
                .storageEncrypted(true).vpcSecurityGroupIds(context.value(settings.securityGroupId()))
                .dbSubnetGroupName(context.value(settings.subnetGroup()))
                .serverlessV2ScalingConfiguration(s -> s.minCapacity(settings.minCapacity())
                        .maxCapacity(settings.maxCapacity()))
                .deletionProtection(settings.deletionProtection()).copyTagsToSnapshot(true)
                .backupRetentionPeriod(BACKUP_RETENTION_DAYS)
                .dbClusterParameterGroupName(context.value(settings.parameterGroup()))
                .tags(RdsSupport.tags(tags)));
        return awaitEndpoint(context, address, id);
    }

    /**
     * Not waited to {@code available}: the instance needs only the cluster's identifier, and AWS's
     * own procedure requests it right after CreateDBCluster ("Creating an Amazon Aurora DB cluster",
     * AWS CLI steps 1-2: create-db-cluster, then create-db-instance with --db-cluster-identifier;
     * "until you create the primary DB instance, the DB cluster endpoints remain in the Creating
     * status", https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.CreateInstance.html).
     * Endpoint and port are in CreateDBCluster's answer already (the create-db-cluster example of the
     * CLI reference: "Status": "creating" with "Endpoint" and "Port"); read back here until describe
     * knows the cluster. What needs the database usable waits for the instance, which is available
     * only once its cluster is.
     */
    private static Live awaitEndpoint(Context context, Address address, String id) {
        return Poll.until(context, address, "DB cluster " + id + " to be known with its endpoint", TIMEOUT,
                () -> describe(context.aws().rds(), id).filter(c -> c.endpoint() != null && c.port() != null)
                        .map(DbClusterKind::live));
    }

    /** The password from the db secret; it passes straight to RDS and nowhere else. */
    private static String password(Context context, Address address, String secretArn) {
        String value = context.aws().secretsManager().getSecretValue(r -> r.secretId(secretArn)).secretString();
        try {
            String password = JSON.readTree(value).path("password").asText("");
            if (password.isEmpty()) {
                throw new ResourceException(address, "the db secret " + secretArn + " has no password field");
            }
            return password;
        } catch (JsonProcessingException e) {
            throw new ResourceException(address, "the db secret " + secretArn + " does not hold a JSON object");
        }
    }

    private static Live awaitAvailable(Context context, Address address, String id) {
        RdsClient rds = context.aws().rds();
        context.report(address, "waiting for cluster " + id + " to become available");
        return Poll.until(context, address, "DB cluster " + id + " to become available", TIMEOUT,
                () -> describe(rds, id).filter(c -> "available".equals(c.status())).map(DbClusterKind::live));
    }

    @Override
    public Map<String, String> desiredFields(Context context, Desired<Settings> wanted) {
        Settings settings = wanted.settings();
        Map<String, String> desired = new HashMap<>();
        desired.put("engine", ENGINE);
        desired.put("engineVersion", settings.engineVersion());
        desired.put("databaseName", settings.database());
        desired.put("masterUsername", settings.username());
        desired.put("storageEncrypted", "true");
        desired.put("securityGroups", context.value(settings.securityGroupId()));
        desired.put("subnetGroup", context.value(settings.subnetGroup()));
        desired.put("minCapacity", String.valueOf(settings.minCapacity()));
        desired.put("maxCapacity", String.valueOf(settings.maxCapacity()));
        desired.put("deletionProtection", String.valueOf(settings.deletionProtection()));
        desired.put("backupRetention", String.valueOf(BACKUP_RETENTION_DAYS));
        desired.put("parameterGroup", context.value(settings.parameterGroup()));
        desired.put("passwordSecret", context.value(settings.secretArn()));
        return desired;
    }

    @Override
    public Set<String> replacedOnChange() {
        return Set.of("engine", "databaseName", "masterUsername", "storageEncrypted", "subnetGroup");
    }

    /** A newer minor version of the same major is AWS's automatic minor upgrade, not drift. */
    @Override
    public List<Difference> diff(Context context, Desired<Settings> desired, Live live) {
        List<Difference> differences = new ArrayList<>();
        for (Difference difference : Kind.super.diff(context, desired, live)) {
            if (!(difference.field().equals("engineVersion") && isMinorUpgradeOf(difference.live(), difference.desired()))) {
                differences.add(difference);
            }
        }
        return differences;
    }

    static boolean isMinorUpgradeOf(String live, String desired) {
        String[] have = live == null ? new String[0] : live.split("\\.");
        String[] want = desired.split("\\.");
        if (have.length < 2 || want.length < 2 || !have[0].equals(want[0])) {
            return false;
        }
        try {
            return Integer.parseInt(have[1]) > Integer.parseInt(want[1]);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    @Override
    public Live update(Context context, Desired<Settings> desired, Live live, List<Difference> differences) {
        Settings settings = desired.settings();
        Set<String> fields = differences.stream().map(Difference::field).collect(Collectors.toSet());
        ModifyDbClusterRequest.Builder modify = ModifyDbClusterRequest.builder().dbClusterIdentifier(live.physicalId())
                .applyImmediately(true);
        if (fields.contains("engineVersion")) {
            boolean major = !settings.engineVersion().split("\\.")[0]
                    .equals(String.valueOf(live.observed().get("engineVersion")).split("\\.")[0]);
            modify.engineVersion(settings.engineVersion()).allowMajorVersionUpgrade(major);
        }
        if (fields.contains("securityGroups")) {
            modify.vpcSecurityGroupIds(context.value(settings.securityGroupId()));
        }
        if (fields.contains("minCapacity") || fields.contains("maxCapacity")) {
            modify.serverlessV2ScalingConfiguration(s -> s.minCapacity(settings.minCapacity())
                    .maxCapacity(settings.maxCapacity()));
        }
        if (fields.contains("deletionProtection")) {
            modify.deletionProtection(settings.deletionProtection());
        }
        if (fields.contains("backupRetention")) {
            modify.backupRetentionPeriod(BACKUP_RETENTION_DAYS);
        }
        if (fields.contains("parameterGroup")) {
            // A group newly associated with a running cluster takes effect when its instance restarts
            // (the Aurora guide's "Associating a DB cluster parameter group"); yocto does not restart it.
            modify.dbClusterParameterGroupName(context.value(settings.parameterGroup()));
        }
        String secretArn = context.value(settings.secretArn());
        if (fields.contains("passwordSecret")) {
            modify.masterUserPassword(password(context, desired.address(), secretArn));
        }
        RdsClient rds = context.aws().rds();
        rds.modifyDBCluster(modify.build());
        if (fields.contains("passwordSecret")) {
            rds.addTagsToResource(r -> r.resourceName(live.arn())
                    .tags(RdsSupport.tags(Map.of(PASSWORD_SECRET_TAG, secretArn))));
        }
        return awaitAvailable(context, desired.address(), live.physicalId());
    }

    /**
     * Refuses while deletion protection is on. Otherwise deletes with a final snapshot (named in the
     * progress output and by the teardown command) unless told to skip it, and waits until it is gone.
     */
    @Override
    public void delete(Context context, Address address, Live live) {
        RdsClient rds = context.aws().rds();
        DataSafety safety = context.safety();
        String id = live.physicalId();
        if ("true".equals(live.observed().get("deletionProtection"))) {
            throw new ResourceException(address, "DB cluster " + id + " has deletion protection on; to delete it, set "
                    + "database.deletionProtection: false in yocto.yaml, run 'yocto provision', then tear down again");
        }
        if (!"deleting".equals(live.observed().get("status"))) {
            // DeleteDBCluster is refused with InvalidDBClusterStateFault while the cluster is in a
            // state that passes (creating, backing-up after its create, modifying, or while its
            // instance is still being deleted): https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBCluster.html
            // It is asked again until the state allows it.
            boolean deleting = Poll.whileRefused(context, address, "DB cluster " + id + " to reach a state in "
                    + "which AWS deletes it (it refuses while the cluster is creating, backing up or modifying)",
                    TIMEOUT, e -> e instanceof InvalidDbClusterStateException, () -> {
                        try {
                            if (safety.finalSnapshot()) {
                                rds.deleteDBCluster(r -> r.dbClusterIdentifier(id)
                                        .finalDBSnapshotIdentifier(safety.finalSnapshotId(id)));
                            } else {
                                rds.deleteDBCluster(r -> r.dbClusterIdentifier(id).skipFinalSnapshot(true));
                            }
                            return true;
                        } catch (DbClusterNotFoundException e) {
                            return false;
                        }
                    });
            if (!deleting) {
                return;
            }
            if (safety.finalSnapshot()) {
                context.report(address, "final snapshot " + safety.finalSnapshotId(id)
                        + " is kept after the cluster is deleted");
            }
        }
        Poll.until(context, address, "DB cluster " + id + " to be deleted", TIMEOUT,
                () -> describe(rds, id).isEmpty() ? Optional.of(true) : Optional.empty());
        if (!context.emulation().deletesAutomatedSnapshots()) {
            rds.describeDBClusterSnapshots(r -> r.dbClusterIdentifier(id).snapshotType("automated"))
                    .dbClusterSnapshots().forEach(snapshot -> rds.deleteDBClusterSnapshot(r -> r
                            .dbClusterSnapshotIdentifier(snapshot.dbClusterSnapshotIdentifier())));
        }
    }
}
