package dev.yocto.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.yocto.emulator.behaviour.AwsBehaviour;
import dev.yocto.emulator.behaviour.Refusal;
import dev.yocto.emulator.behaviour.Settings;
import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.DataSafety;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.compute.Runs;
import dev.yocto.resources.compute.ecs.ServiceFixture;
import dev.yocto.resources.config.ConfigLoader;
import dev.yocto.resources.data.buckets.BucketKind;
import dev.yocto.resources.data.cdn.CloudFrontSupport;
import dev.yocto.resources.data.db.DbClusterKind;
import dev.yocto.resources.data.secrets.SecretKind;
import dev.yocto.resources.data.secrets.SecretValues;
import dev.yocto.resources.topology.ComputeLayer;
import dev.yocto.resources.topology.DataLayer;
import dev.yocto.resources.topology.NetworkLayer;
import dev.yocto.resources.topology.NetworkLayer.Tier;
import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.DistributionNotDisabledException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.InvalidSubnetException;

/**
 * One test per refusal of the behaviour profile ({@link Refusal}): AWS refuses a call for a while
 * where moto does not, the profile switches that refusal on, and yocto's kind rides it out. Each
 * test shows the refusal was given (a count of the profile's answers, or a bare call refused) —
 * what the code did before issue 11 is named in each test's comment. The network's Elastic IP case
 * runs here as a kind and through the CLI in the engine's {@code NetworkUnderAwsMannersTest}; all
 * of them at once over the whole stack in {@code StackUnderAwsMannersTest}.
 */
@ExtendWith(EmulatorExtension.class)
class AwsRefusalsTest {

    /** AWS's consistency windows are seconds; the profile's refusals last this long (unscaled). */
    private static final Duration WINDOW = Duration.ofSeconds(2);
    private static final DataSafety DELETE_DATA = new DataSafety(true, false, Instant.now());

    private final AwsEmulator emulator;

    AwsRefusalsTest(AwsEmulator emulator) {
        this.emulator = emulator;
    }

    /** The refusal and the not-found windows; with the time model at 1/100 where the refusal lasts a modeled phase. */
    private static AwsBehaviour refusing(Refusal refusal, boolean timeModel) {
        return new AwsBehaviour(Settings.none().withScale(0.01).withTimeModel(timeModel).withWindow(WINDOW)
                .withRefusals(EnumSet.of(refusal)));
    }

    private static long answered(AwsBehaviour behaviour, String answer) {
        return behaviour.counts().byAnswer().getOrDefault(answer, 0L);
    }

    /**
     * {@code bucket-deleted}: CreateBucket of a name deleted moments ago answers OperationAborted.
     * Before: one CreateBucket, so a provision right after a teardown --delete-data failed there.
     * Also the not-found window: the new bucket's Put* answered NoSuchBucket, which failed the
     * first provision before.
     */
    @Test
    void bucketDeleted_createIsAskedAgainUntilTheNameIsReleased() {
        AwsBehaviour behaviour = refusing(Refusal.BUCKET_JUST_DELETED, false);
        Runs runs = new Runs(emulator, "refusebucket", List.of(behaviour));
        Desired<BucketKind.Settings> bucket = Desired.of(DataLayer.BUCKET_PUBLIC, BucketKind.KIND,
                new BucketKind.Settings("public-images", Optional.of("https://yoctogram.example.com"),
                        Optional.of(DataLayer.UPLOADS_EXPIRY)));
        Live first = Runs.converge(runs.context(), bucket, Optional.empty());
        BucketKind.KIND.delete(runs.context().withSafety(DELETE_DATA), bucket.address(), first);

        Live again = Runs.converge(runs.context(), bucket, Optional.empty());

        assertThat(again.physicalId()).isEqualTo(first.physicalId());
        assertThat(answered(behaviour, "bucket-deleted")).as(behaviour.counts().toString()).isPositive();
        assertThat(answered(behaviour, "NoSuchBucket")).as(behaviour.counts().toString()).isPositive();
        assertThat(Runs.diff(runs.context(), bucket, Runs.observe(runs.context(), bucket, Optional.empty())
                .orElseThrow())).as("set up in full").isEmpty();
        BucketKind.KIND.delete(runs.context().withSafety(DELETE_DATA), bucket.address(), again);
    }

    /**
     * {@code secret-deleted}: CreateSecret of a name whose forced deletion is still finishing
     * answers InvalidRequestException "scheduled for deletion". Before: one CreateSecret, so a
     * provision right after a teardown --delete-data failed at the first secret.
     */
    @Test
    void secretDeleted_createIsAskedAgainUntilTheDeletionFinishes() {
        AwsBehaviour behaviour = refusing(Refusal.SECRET_SCHEDULED, false);
        Runs runs = new Runs(emulator, "refusesecret", List.of(behaviour));
        Desired<SecretKind.Settings> jwt = Desired.of(DataLayer.SECRET_JWT, SecretKind.KIND,
                new SecretKind.Settings("jwt", "Yoctogram token signing key", SecretValues.signingKey()));
        Live first = Runs.converge(runs.context(), jwt, Optional.empty());
        SecretKind.KIND.delete(runs.context().withSafety(DELETE_DATA), jwt.address(), first);

        Live again = Runs.converge(runs.context(), jwt, Optional.empty());

        assertThat(again.attribute("name")).isEqualTo("refusesecret/jwt");
        assertThat(again.physicalId()).isNotEqualTo(first.physicalId());
        assertThat(answered(behaviour, "secret-deleted")).as(behaviour.counts().toString()).isPositive();
    }

    /**
     * {@code db-backing-up}: DeleteDBCluster while the cluster is creating (or taking its first
     * backup) answers InvalidDBClusterStateFault. Before: one DeleteDBCluster, so tearing down a
     * stack whose provision had stopped mid-way (or right after it) failed there.
     */
    @Test
    void clusterBackingUp_deleteIsAskedAgainUntilTheClusterAllowsIt() {
        AwsBehaviour behaviour = refusing(Refusal.CLUSTER_BACKING_UP, true);
        Runs runs = new Runs(emulator, "refusedb", List.of(behaviour));
        String id = "refusedb-data-db-cluster";
        runs.aws().rds().createDBCluster(r -> r.dbClusterIdentifier(id).engine("aurora-postgresql")
                .engineVersion("16.4").masterUsername("yoctogram").masterUserPassword("a-long-enough-password"));
        Context context = runs.context().withSafety(DELETE_DATA);
        Live creating = DbClusterKind.KIND.observe(context, DataLayer.DB_CLUSTER, Optional.empty(), Optional.of(id))
                .orElseThrow();
        assertThat(creating.observed().get("status")).isEqualTo("creating");

        DbClusterKind.KIND.delete(context, DataLayer.DB_CLUSTER, creating);

        assertThat(DbClusterKind.KIND.observe(context, DataLayer.DB_CLUSTER, Optional.empty(), Optional.of(id)))
                .isEmpty();
        assertThat(answered(behaviour, "db-backing-up")).as(behaviour.counts().toString()).isPositive();
    }

    /**
     * {@code lb-igw}: CreateLoadBalancer (internet-facing) in a VPC whose internet gateway is not
     * attached answers InvalidSubnet. Before: the load balancer did not depend on the internet
     * gateway, so a scheduler free to start it early hit this (the bare create below); now its
     * settings name the gateway (the topology's dependency, TopologyTest) and it is made after it.
     */
    @Test
    void loadBalancerWithoutInternetGateway_isMadeOnceTheGatewayIsAttached() {
        AwsBehaviour behaviour = refusing(Refusal.LB_WITHOUT_IGW, false);
        Runs runs = new Runs(emulator, "refuselb", List.of(behaviour));
        Map<Address, Desired<?>> network = network("refuselb");
        Context context = runs.context();
        for (Address address : List.of(NetworkLayer.VPC, NetworkLayer.subnet(Tier.PUBLIC, 0),
                NetworkLayer.subnet(Tier.PUBLIC, 1), NetworkLayer.SG_ALB)) {
            Runs.converge(context, network.get(address), Optional.empty());
        }
        Desired<?> loadBalancer = Runs.compute("refuselb", ComputeLayer.LOAD_BALANCER);
        assertThat(loadBalancer.dependencies()).contains(NetworkLayer.INTERNET_GATEWAY);

        assertThatThrownBy(() -> Runs.create(context, loadBalancer)).as("before the gateway is attached")
                .isInstanceOf(InvalidSubnetException.class);

        Runs.converge(context, network.get(NetworkLayer.INTERNET_GATEWAY), Optional.empty());
        Live live = Runs.converge(context, loadBalancer, Optional.empty());

        assertThat(live.attribute("dnsName")).isNotBlank();
        assertThat(answered(behaviour, "lb-igw")).isEqualTo(1);
        Runs.delete(context, loadBalancer, live);
    }

    /**
     * {@code eip-nat}: ReleaseAddress of a NAT gateway's Elastic IP answers InvalidIPAddress.InUse
     * until the gateway is deleted, then AuthFailure for a while. Before: InUse failed the teardown,
     * and any {@code …NotFound} read as "released" (an address could leak and leave state).
     */
    @Test
    void elasticIpAfterItsNatGateway_isReleasedOnceAwsLetsGo() {
        AwsBehaviour behaviour = refusing(Refusal.EIP_AFTER_NAT, true);
        Runs runs = new Runs(emulator, "refuseeip", List.of(behaviour));
        Map<Address, Desired<?>> network = network("refuseeip");
        Address eip = Address.of("network/elastic-ip/nat-a");
        Context context = runs.context();
        for (Address address : List.of(NetworkLayer.VPC, NetworkLayer.INTERNET_GATEWAY,
                NetworkLayer.subnet(Tier.PUBLIC, 0), eip, NetworkLayer.natGateway(0))) {
            Runs.converge(context, network.get(address), Optional.empty());
        }
        Live address = context.dependency(eip);

        Runs.delete(context, network.get(NetworkLayer.natGateway(0)), context.dependency(NetworkLayer.natGateway(0)));
        Runs.delete(context, network.get(eip), address);

        assertThat(runs.aws().ec2().describeAddresses().addresses()).noneMatch(a -> a.allocationId()
                .equals(address.physicalId()));
        assertThat(answered(behaviour, "eip-nat")).as(behaviour.counts().toString()).isPositive();
    }

    /**
     * {@code ecs-role}: CreateService while a role made moments ago is not yet assumable answers
     * InvalidParameterException "Unable to assume the service linked role". yocto asked again
     * before issue 11 too (the compute layer's first version); this shows it against the refusal.
     */
    @Test
    void serviceWithANewRole_isCreatedOnceEcsCanAssumeIt() {
        ServiceFixture fixture = new ServiceFixture(emulator, "refuserole");
        Context upstream = fixture.upstream();
        AwsBehaviour behaviour = refusing(Refusal.ROLE_NOT_ASSUMABLE, false);
        Runs runs = new Runs(emulator, "refuserole", List.of(behaviour));
        Context context = runs.context();
        Desired<?> service = fixture.service();
        service.dependencies().forEach(d -> upstream.resolved(d).ifPresent(l -> context.resolve(d, l)));
        runs.aws().iam().createRole(r -> r.roleName("refuserole-task").assumeRolePolicyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                        + "\"ecs-tasks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"));

        Live live = Runs.create(context, service);

        assertThat(live.attribute("name")).isEqualTo("backend");
        assertThat(answered(behaviour, "ecs-role")).as(behaviour.counts().toString()).isPositive();
        Runs.delete(context, service, live);
    }

    /**
     * {@code cf-deploying}: DeleteDistribution while its disable is still deploying answers
     * DistributionNotDisabled (the bare delete below). yocto never sends it then: it disables,
     * waits until that is deployed, then deletes — as it did before issue 11.
     */
    @Test
    void distributionStillDeploying_isDeletedOnceItsDisableIsDeployed() {
        AwsBehaviour behaviour = refusing(Refusal.DISTRIBUTION_DEPLOYING, true);
        Runs runs = new Runs(emulator, "refusecdn", List.of(behaviour));
        CloudFrontClient cloudFront = runs.aws().cloudFront();
        String bare = cloudFront.createDistribution(r -> r.distributionConfig(config("bare"))).distribution().id();
        var current = cloudFront.getDistributionConfig(r -> r.id(bare));
        String etag = cloudFront.updateDistribution(r -> r.id(bare).ifMatch(current.eTag())
                .distributionConfig(current.distributionConfig().toBuilder().enabled(false).build())).eTag();
        assertThatThrownBy(() -> cloudFront.deleteDistribution(r -> r.id(bare).ifMatch(etag)))
                .isInstanceOf(DistributionNotDisabledException.class);
        String id = cloudFront.createDistribution(r -> r.distributionConfig(config("yocto"))).distribution().id();

        CloudFrontSupport.deleteDistribution(runs.context(), DataLayer.DISTRIBUTION_PUBLIC, id);

        assertThat(cloudFront.listDistributions().distributionList().items()).extracting(d -> d.id())
                .doesNotContain(id);
        assertThat(answered(behaviour, "cf-deploying")).as("only the bare delete was refused").isEqualTo(1);
    }

    private Map<Address, Desired<?>> network(String stack) {
        return NetworkLayer.resources(ConfigLoader.parse("test", "stack: " + stack,
                Optional.empty(), emulator.region().id())).stream()
                .collect(Collectors.toMap(Desired::address, d -> d));
    }

    /** A minimal distribution in front of an S3 origin. */
    private static DistributionConfig config(String reference) {
        return DistributionConfig.builder().callerReference(reference).comment(reference).enabled(true)
                .origins(o -> o.quantity(1).items(i -> i.id("s3").domainName("example.s3.amazonaws.com")
                        .s3OriginConfig(s -> s.originAccessIdentity(""))))
                .defaultCacheBehavior(b -> b.targetOriginId("s3").viewerProtocolPolicy("redirect-to-https")
                        .cachePolicyId("658327ea-f89d-4fab-a63d-7e88639e58f6"))
                .build();
    }
}
