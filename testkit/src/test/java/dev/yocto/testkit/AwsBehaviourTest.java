package dev.yocto.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.yocto.emulator.behaviour.AwsBehaviour;
import dev.yocto.emulator.behaviour.Refusal;
import dev.yocto.emulator.behaviour.Settings;
import dev.yocto.emulator.behaviour.TimeModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acm.model.CertificateStatus;
import software.amazon.awssdk.services.acm.model.ValidationMethod;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.DistributionNotDisabledException;
import software.amazon.awssdk.services.cloudfront.model.Origin;
import software.amazon.awssdk.services.cloudfront.model.ViewerProtocolPolicy;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.NatGatewayState;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.InvalidSubnetException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerStateEnum;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterStateException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;

/**
 * The AWS behaviour profile against moto: each behaviour provably happens (the answer AWS gives,
 * then the normal answer once the modeled time has passed), and switched off it does not.
 */
@ExtendWith(EmulatorExtension.class)
class AwsBehaviourTest {

    /** 1/200: NAT 90 s → 0.45 s, Aurora cluster 240 s → 1.2 s. */
    private static final double SCALE = 0.005;
    private static final Duration WINDOW = Duration.ofSeconds(2);
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final AwsEmulator emulator;

    AwsBehaviourTest(AwsEmulator emulator) {
        this.emulator = emulator;
    }

    private static Settings timeOnly() {
        return Settings.none().withScale(SCALE).withTimeModel(true);
    }

    /** A client with the profile and no SDK retries, so the profile's every answer is seen. */
    private <B extends AwsClientBuilder<B, C>, C extends SdkClient> C client(B builder, AwsBehaviour behaviour) {
        return builder.region(emulator.region()).credentialsProvider(emulator.credentials())
                .endpointOverride(emulator.endpoint())
                .overrideConfiguration(o -> o.addExecutionInterceptor(behaviour)
                        .retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @Test
    void theTimeModelIsATableWithASourceForEveryRow() {
        assertThat(TimeModel.phases()).hasSizeGreaterThanOrEqualTo(10)
                .allSatisfy(p -> assertThat(p.source()).startsWith("https://docs.aws.amazon.com/"));
        assertThat(TimeModel.duration("ec2:nat-gateway", "create")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Settings.aws(0.01, 0, 1).scaled(Duration.ofMinutes(10))).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void settingsParseFromTheEnvironmentVariable() {
        Settings settings = Settings.parse("aws,scale=0.02,faults=0.2,seed=7,window=750ms,latency=off,"
                + "refusals=lb-igw+eip-nat");
        assertThat(settings.scale()).isEqualTo(0.02);
        assertThat(settings.faultRate()).isEqualTo(0.2);
        assertThat(settings.seed()).isEqualTo(7);
        assertThat(settings.window()).isEqualTo(Duration.ofMillis(750));
        assertThat(settings.latency()).isFalse();
        assertThat(settings.timeModel()).isTrue();
        assertThat(settings.refusals()).containsExactlyInAnyOrder(Refusal.LB_WITHOUT_IGW, Refusal.EIP_AFTER_NAT);
        assertThat(Settings.parse(settings.describe())).isEqualTo(settings);
        assertThatThrownBy(() -> Settings.parse("aws,faults=2,colour=blue"))
                .hasMessageContaining("faults=2").hasMessageContaining("unknown setting 'colour'");
    }

    @Test
    void faultsAreThrottlesAnd5xxAtTheRateReproducibleFromTheSeedAndNeverReachTheEmulator() {
        List<String> first = faultPattern(7);
        List<String> again = faultPattern(7);
        List<String> other = faultPattern(8);
        assertThat(first).isEqualTo(again).isNotEqualTo(other);
        long faults = first.stream().filter(s -> !s.equals("ok")).count();
        assertThat(faults).as("faults among 60 attempts at 30 %").isBetween(8L, 32L);
        assertThat(first).filteredOn(s -> !s.equals("ok"))
                .allMatch(s -> s.matches("(RequestLimitExceeded|InternalError|Unavailable)/(500|503)"));
    }

    /** Each CreateVpc either answers a fault (and no VPC is made) or makes exactly one VPC. */
    private List<String> faultPattern(long seed) {
        emulator.reset();
        AwsBehaviour behaviour = new AwsBehaviour(Settings.none().withFaults(0.3, seed));
        List<String> answers = new ArrayList<>();
        try (Ec2Client ec2 = client(Ec2Client.builder(), behaviour)) {
            for (int i = 0; i < 60; i++) {
                try {
                    ec2.createVpc(r -> r.cidrBlock("10.1.0.0/16"));
                    answers.add("ok");
                } catch (Ec2Exception e) {
                    assertThat(e.isThrottlingException() || e.statusCode() >= 500).isTrue();
                    answers.add(e.awsErrorDetails().errorCode() + "/" + e.statusCode());
                }
            }
        }
        try (Ec2Client plain = client(Ec2Client.builder(), new AwsBehaviour(Settings.none()))) {
            long made = plain.describeVpcs(r -> r.filters(f -> f.name("cidr").values("10.1.0.0/16"))).vpcs().size();
            assertThat(made).isEqualTo(answers.stream().filter("ok"::equals).count());
        }
        assertThat(behaviour.counts().faults()).isEqualTo(answers.stream().filter(a -> !a.equals("ok")).count());
        return answers;
    }

    @Test
    void theSdksStandardRetriesRideOverFaults() {
        AwsBehaviour behaviour = new AwsBehaviour(Settings.none().withFaults(0.3, 11));
        try (Ec2Client ec2 = Ec2Client.builder().region(emulator.region()).credentialsProvider(emulator.credentials())
                .endpointOverride(emulator.endpoint())
                .overrideConfiguration(o -> o.addExecutionInterceptor(behaviour).retryStrategy(
                        AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(10)
                                .circuitBreakerEnabled(false)
                                .backoffStrategy(a -> Duration.ofMillis(5))
                                .throttlingBackoffStrategy(a -> Duration.ofMillis(5)).build()))
                .build()) {
            for (int i = 0; i < 30; i++) {
                ec2.describeVpcs();
            }
        }
        assertThat(behaviour.counts().calls()).isEqualTo(30);
        assertThat(behaviour.counts().retries()).isEqualTo(behaviour.counts().faults()).isPositive();
    }

    @Test
    void aNatGatewayIsPendingThenAvailableThenDeletingAndHoldsItsAddressMeanwhile() {
        AwsBehaviour behaviour = new AwsBehaviour(timeOnly().withScale(0.1).withWindow(Duration.ofSeconds(3))
                .withRefusals(EnumSet.of(Refusal.EIP_AFTER_NAT)));
        try (Ec2Client ec2 = client(Ec2Client.builder(), behaviour)) {
            String vpc = ec2.createVpc(r -> r.cidrBlock("10.2.0.0/16")).vpc().vpcId();
            String subnet = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.2.1.0/24")).subnet().subnetId();
            String allocation = ec2.allocateAddress(r -> r.domain(DomainType.VPC)).allocationId();
            String nat = ec2.createNatGateway(r -> r.subnetId(subnet).allocationId(allocation)).natGateway()
                    .natGatewayId();

            assertThatThrownBy(() -> ec2.describeNatGateways(r -> r.natGatewayIds(nat)))
                    .isInstanceOf(Ec2Exception.class).hasMessageContaining("nat-");
            NatGatewayState first = eventually(() -> {
                try {
                    return ec2.describeNatGateways(r -> r.natGatewayIds(nat)).natGateways().get(0).state();
                } catch (Ec2Exception e) {
                    return null;
                }
            });
            assertThat(first).isEqualTo(NatGatewayState.PENDING);
            eventually(() -> state(ec2, nat) == NatGatewayState.AVAILABLE ? true : null);

            ec2.deleteNatGateway(r -> r.natGatewayId(nat));
            assertThat(state(ec2, nat)).isEqualTo(NatGatewayState.DELETING);
            assertThatThrownBy(() -> ec2.releaseAddress(r -> r.allocationId(allocation)))
                    .isInstanceOf(Ec2Exception.class).extracting(e -> code(e)).isEqualTo("InvalidIPAddress.InUse");
            eventually(() -> state(ec2, nat) == NatGatewayState.DELETED ? true : null);
            assertThatThrownBy(() -> ec2.releaseAddress(r -> r.allocationId(allocation)))
                    .extracting(e -> code(e)).isEqualTo("AuthFailure");
            eventually(() -> {
                try {
                    ec2.releaseAddress(r -> r.allocationId(allocation));
                    return true;
                } catch (Ec2Exception e) {
                    return null;
                }
            });
        }
        assertThat(behaviour.counts().byAnswer()).containsKeys("NatGatewayNotFound", "eip-nat");
    }

    private static NatGatewayState state(Ec2Client ec2, String nat) {
        return ec2.describeNatGateways(r -> r.natGatewayIds(nat)).natGateways().get(0).state();
    }

    @Test
    void justCreatedEc2IdsAnswerNotFoundForTheWindow() {
        AwsBehaviour behaviour = new AwsBehaviour(Settings.none().withWindow(WINDOW));
        try (Ec2Client ec2 = client(Ec2Client.builder(), behaviour)) {
            String vpc = ec2.createVpc(r -> r.cidrBlock("10.3.0.0/16")).vpc().vpcId();
            String group = ec2.createSecurityGroup(r -> r.vpcId(vpc).groupName("g").description("g")).groupId();
            String subnet = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.3.1.0/24")).subnet().subnetId();
            String table = ec2.createRouteTable(r -> r.vpcId(vpc)).routeTable().routeTableId();
            String gateway = ec2.createInternetGateway().internetGateway().internetGatewayId();

            assertThat(codeOf(() -> ec2.describeSecurityGroups(r -> r.groupIds(group))))
                    .isEqualTo("InvalidGroup.NotFound");
            assertThat(codeOf(() -> ec2.modifySubnetAttribute(r -> r.subnetId(subnet)
                    .mapPublicIpOnLaunch(b -> b.value(true))))).isEqualTo("InvalidSubnetID.NotFound");
            assertThat(codeOf(() -> ec2.associateRouteTable(r -> r.routeTableId(table).subnetId(subnet))))
                    .isEqualTo("InvalidRouteTableID.NotFound");
            assertThat(codeOf(() -> ec2.attachInternetGateway(r -> r.internetGatewayId(gateway).vpcId(vpc))))
                    .isEqualTo("InvalidInternetGatewayID.NotFound");

            eventually(() -> codeOf(() -> ec2.describeSecurityGroups(r -> r.groupIds(group))) == null ? true : null);
            eventually(() -> codeOf(() -> ec2.attachInternetGateway(r -> r.internetGatewayId(gateway).vpcId(vpc)))
                    == null ? true : null);
        }
        assertThat(behaviour.counts().notFound()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void aLoadBalancerIsRefusedUntilItsVpcHasAnAttachedGatewayThenProvisions() {
        AwsBehaviour behaviour = new AwsBehaviour(timeOnly().withRefusals(EnumSet.of(Refusal.LB_WITHOUT_IGW)));
        try (Ec2Client ec2 = client(Ec2Client.builder(), behaviour);
             ElasticLoadBalancingV2Client elb = client(ElasticLoadBalancingV2Client.builder(), behaviour)) {
            String vpc = ec2.createVpc(r -> r.cidrBlock("10.4.0.0/16")).vpc().vpcId();
            String a = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.4.1.0/24").availabilityZone("us-west-2a"))
                    .subnet().subnetId();
            String b = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.4.2.0/24").availabilityZone("us-west-2b"))
                    .subnet().subnetId();
            String gateway = ec2.createInternetGateway().internetGateway().internetGatewayId();

            assertThatThrownBy(() -> elb.createLoadBalancer(r -> r.name("lb-igw").subnets(a, b)))
                    .isInstanceOf(InvalidSubnetException.class).hasMessageContaining("has no internet gateway");

            ec2.attachInternetGateway(r -> r.internetGatewayId(gateway).vpcId(vpc));
            String arn = elb.createLoadBalancer(r -> r.name("lb-igw").subnets(a, b)).loadBalancers().get(0)
                    .loadBalancerArn();
            assertThat(elb.describeLoadBalancers(r -> r.loadBalancerArns(arn)).loadBalancers().get(0).state().code())
                    .isEqualTo(LoadBalancerStateEnum.PROVISIONING);
            eventually(() -> elb.describeLoadBalancers(r -> r.loadBalancerArns(arn)).loadBalancers().get(0).state()
                    .code() == LoadBalancerStateEnum.ACTIVE ? true : null);
        }
    }

    @Test
    void anAuroraClusterIsCreatingThenBackingUpAndRefusesDeletionMeanwhile() {
        AwsBehaviour behaviour = new AwsBehaviour(timeOnly().withRefusals(EnumSet.of(Refusal.CLUSTER_BACKING_UP)));
        try (RdsClient rds = client(RdsClient.builder(), behaviour)) {
            rds.createDBCluster(r -> r.dbClusterIdentifier("behaviour").engine("aurora-postgresql")
                    .masterUsername("yocto").masterUserPassword("a-long-password-1"));
            rds.createDBInstance(r -> r.dbInstanceIdentifier("behaviour-1").dbClusterIdentifier("behaviour")
                    .engine("aurora-postgresql").dbInstanceClass("db.serverless"));
            assertThat(clusterStatus(rds)).isEqualTo("creating");
            assertThat(rds.describeDBInstances(r -> r.dbInstanceIdentifier("behaviour-1")).dbInstances().get(0)
                    .dbInstanceStatus()).isEqualTo("creating");
            assertThatThrownBy(() -> rds.deleteDBCluster(r -> r.dbClusterIdentifier("behaviour")
                    .skipFinalSnapshot(true))).isInstanceOf(InvalidDbClusterStateException.class)
                    .extracting(e -> code(e)).isEqualTo("InvalidDBClusterStateFault");
            eventually(() -> "backing-up".equals(clusterStatus(rds)) ? true : null);
            eventually(() -> "available".equals(clusterStatus(rds)) ? true : null);
            eventually(() -> "available".equals(rds.describeDBInstances(r -> r.dbInstanceIdentifier("behaviour-1"))
                    .dbInstances().get(0).dbInstanceStatus()) ? true : null);
        }
    }

    @Test
    void anInstanceIsNotAvailableBeforeItsCluster() throws InterruptedException {
        AwsBehaviour behaviour = new AwsBehaviour(timeOnly());
        try (RdsClient rds = client(RdsClient.builder(), behaviour);
             RdsClient unmodeled = client(RdsClient.builder(), new AwsBehaviour(Settings.none()))) {
            rds.createDBCluster(r -> r.dbClusterIdentifier("floor").engine("aurora-postgresql")
                    .masterUsername("yocto").masterUserPassword("a-long-password-1"));
            // Made where this profile does not see it: its own create phase is not running, its cluster's is.
            unmodeled.createDBInstance(r -> r.dbInstanceIdentifier("floor-1").dbClusterIdentifier("floor")
                    .engine("aurora-postgresql").dbInstanceClass("db.serverless"));
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (true) {
                // The instance first, its cluster after: an available instance must find its cluster available.
                String instance = rds.describeDBInstances(r -> r.dbInstanceIdentifier("floor-1")).dbInstances().get(0)
                        .dbInstanceStatus();
                String cluster = rds.describeDBClusters(r -> r.dbClusterIdentifier("floor")).dbClusters().get(0)
                        .status();
                if ("available".equals(cluster)) {
                    break;
                }
                assertThat(instance).as("the instance while its cluster is not available").isEqualTo("creating");
                assertThat(System.nanoTime()).as("the cluster is available within " + PATIENCE).isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(rds.describeDBInstances(r -> r.dbInstanceIdentifier("floor-1")).dbInstances().get(0)
                    .dbInstanceStatus()).isEqualTo("available");
        }
    }

    private static String clusterStatus(RdsClient rds) {
        return rds.describeDBClusters(r -> r.dbClusterIdentifier("behaviour")).dbClusters().get(0).status();
    }

    @Test
    void aCertificateIsPendingValidationForItsModeledTime() {
        AwsBehaviour behaviour = new AwsBehaviour(timeOnly());
        try (AcmClient acm = client(AcmClient.builder(), behaviour)) {
            String arn = acm.requestCertificate(r -> r.domainName("behaviour.example.com")
                    .validationMethod(ValidationMethod.DNS)).certificateArn();
            assertThat(acm.describeCertificate(r -> r.certificateArn(arn)).certificate().status())
                    .isEqualTo(CertificateStatus.PENDING_VALIDATION);
            eventually(() -> acm.describeCertificate(r -> r.certificateArn(arn)).certificate().status()
                    == CertificateStatus.ISSUED ? true : null);
        }
    }

    @Test
    void aDistributionDeploysAndCannotBeDeletedWhileItsDisableDeploys() {
        AwsBehaviour behaviour = new AwsBehaviour(timeOnly()
                .withRefusals(EnumSet.of(Refusal.DISTRIBUTION_DEPLOYING)));
        try (CloudFrontClient cloudFront = client(CloudFrontClient.builder(), behaviour)) {
            var created = cloudFront.createDistribution(r -> r.distributionConfig(c -> c
                    .callerReference(UUID.randomUUID().toString()).comment("behaviour").enabled(true)
                    .origins(o -> o.quantity(1).items(Origin.builder().id("o").domainName("b.s3.amazonaws.com")
                            .s3OriginConfig(s -> s.originAccessIdentity("")).build()))
                    .defaultCacheBehavior(d -> d.targetOriginId("o")
                            .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                            .cachePolicyId("658327ea-f89d-4fab-a63d-7e88639e58f6"))));
            String id = created.distribution().id();
            assertThat(created.distribution().status()).isEqualTo("InProgress");
            eventually(() -> "Deployed".equals(cloudFront.getDistribution(r -> r.id(id)).distribution().status())
                    ? true : null);
            var config = cloudFront.getDistributionConfig(r -> r.id(id));
            var disabled = cloudFront.updateDistribution(r -> r.id(id).ifMatch(config.eTag())
                    .distributionConfig(config.distributionConfig().toBuilder().enabled(false).build()));
            assertThatThrownBy(() -> cloudFront.deleteDistribution(r -> r.id(id).ifMatch(disabled.eTag())))
                    .isInstanceOf(DistributionNotDisabledException.class);
            String etag = eventually(() -> {
                var now = cloudFront.getDistribution(r -> r.id(id));
                return "Deployed".equals(now.distribution().status()) ? now.eTag() : null;
            });
            cloudFront.deleteDistribution(r -> r.id(id).ifMatch(etag));
        }
    }

    @Test
    void anEcsServiceIsRefusedWhileANewRoleIsNotAssumableThenItsDeploymentTakesItsTime() {
        AwsBehaviour behaviour = new AwsBehaviour(timeOnly().withWindow(WINDOW)
                .withRefusals(EnumSet.of(Refusal.ROLE_NOT_ASSUMABLE)));
        try (IamClient iam = client(IamClient.builder(), behaviour);
             EcsClient ecs = client(EcsClient.builder(), behaviour)) {
            ecs.createCluster(r -> r.clusterName("behaviour"));
            ecs.registerTaskDefinition(r -> r.family("behaviour").containerDefinitions(c -> c.name("app")
                    .image("nginx").memory(128)));
            iam.createRole(r -> r.roleName("behaviour-task").assumeRolePolicyDocument("{\"Version\":\"2012-10-17\","
                    + "\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ecs-tasks.amazonaws.com\"},"
                    + "\"Action\":\"sts:AssumeRole\"}]}"));
            assertThatThrownBy(() -> iam.getRole(r -> r.roleName("behaviour-task")))
                    .isInstanceOf(NoSuchEntityException.class);
            Runnable create = () -> ecs.createService(r -> r.cluster("behaviour").serviceName("app")
                    .taskDefinition("behaviour").desiredCount(1));
            assertThatThrownBy(create::run).hasMessageContaining("Unable to assume the service linked role");
            eventually(() -> {
                try {
                    create.run();
                    return true;
                } catch (software.amazon.awssdk.services.ecs.model.InvalidParameterException e) {
                    return null;
                }
            });
            assertThat(rollout(ecs)).isEqualTo(DeploymentRolloutState.IN_PROGRESS);
            eventually(() -> rollout(ecs) == DeploymentRolloutState.COMPLETED ? true : null);
            iam.getRole(r -> r.roleName("behaviour-task"));
        }
    }

    private static DeploymentRolloutState rollout(EcsClient ecs) {
        return ecs.describeServices(r -> r.cluster("behaviour").services("app")).services().get(0).deployments()
                .stream().filter(d -> "PRIMARY".equals(d.status())).findFirst().orElseThrow().rolloutState();
    }

    @Test
    void bucketsSecretsAndLogGroupsHaveTheirWindows() {
        AwsBehaviour behaviour = new AwsBehaviour(Settings.none().withWindow(WINDOW)
                .withRefusals(EnumSet.of(Refusal.BUCKET_JUST_DELETED, Refusal.SECRET_SCHEDULED)));
        try (S3Client s3 = S3Client.builder().region(emulator.region()).credentialsProvider(emulator.credentials())
                .endpointOverride(emulator.endpoint()).forcePathStyle(true)
                .overrideConfiguration(o -> o.addExecutionInterceptor(behaviour)
                        .retryStrategy(AwsRetryStrategy.doNotRetry())).build();
             SecretsManagerClient secrets = client(SecretsManagerClient.builder(), behaviour);
             CloudWatchLogsClient logs = client(CloudWatchLogsClient.builder(), behaviour)) {
            s3.createBucket(r -> r.bucket("behaviour-bucket"));
            assertThatThrownBy(() -> s3.putBucketTagging(r -> r.bucket("behaviour-bucket")
                    .tagging(t -> t.tagSet(s -> s.key("k").value("v"))))).isInstanceOf(NoSuchBucketException.class);
            eventually(() -> {
                try {
                    s3.headBucket(r -> r.bucket("behaviour-bucket"));
                    return true;
                } catch (NoSuchBucketException e) {
                    return null;
                }
            });
            s3.deleteBucket(r -> r.bucket("behaviour-bucket"));
            assertThatThrownBy(() -> s3.createBucket(r -> r.bucket("behaviour-bucket")))
                    .isInstanceOf(S3Exception.class).extracting(e -> code(e)).isEqualTo("OperationAborted");

            secrets.createSecret(r -> r.name("behaviour/secret").secretString("s"));
            secrets.deleteSecret(r -> r.secretId("behaviour/secret").forceDeleteWithoutRecovery(true));
            assertThatThrownBy(() -> secrets.createSecret(r -> r.name("behaviour/secret").secretString("s")))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("scheduled for deletion");

            logs.createLogGroup(r -> r.logGroupName("/behaviour"));
            assertThat(logs.describeLogGroups(r -> r.logGroupNamePrefix("/behaviour")).logGroups()).isEmpty();
            assertThatThrownBy(() -> logs.putRetentionPolicy(r -> r.logGroupName("/behaviour")
                    .retentionInDays(7))).hasMessageContaining("log group does not exist");

            eventually(() -> codeOf(() -> s3.createBucket(r -> r.bucket("behaviour-bucket"))) == null ? true : null);
            eventually(() -> codeOf(() -> secrets.createSecret(r -> r.name("behaviour/secret").secretString("s")))
                    == null ? true : null);
            eventually(() -> logs.describeLogGroups(r -> r.logGroupNamePrefix("/behaviour")).logGroups().size() == 1
                    ? true : null);
            logs.putRetentionPolicy(r -> r.logGroupName("/behaviour").retentionInDays(7));
        }
    }

    @Test
    void switchedOffNothingChanges() {
        AwsBehaviour behaviour = new AwsBehaviour(Settings.none());
        try (Ec2Client ec2 = client(Ec2Client.builder(), behaviour)) {
            String vpc = ec2.createVpc(r -> r.cidrBlock("10.5.0.0/16")).vpc().vpcId();
            String group = ec2.createSecurityGroup(r -> r.vpcId(vpc).groupName("g").description("g")).groupId();
            assertThat(ec2.describeSecurityGroups(r -> r.groupIds(group)).securityGroups()).hasSize(1);
        }
        assertThat(behaviour.counts().faults() + behaviour.counts().notFound() + behaviour.counts().refusals()
                + behaviour.counts().rewrites()).isZero();
    }

    private static String code(Throwable e) {
        return ((AwsServiceException) e).awsErrorDetails().errorCode();
    }

    private static String codeOf(Runnable call) {
        try {
            call.run();
            return null;
        } catch (AwsServiceException e) {
            return code(e);
        }
    }

    /** The first non-null answer, asked every 50 ms. */
    private static <T> T eventually(Supplier<T> check) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            T value = check.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + PATIENCE);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
