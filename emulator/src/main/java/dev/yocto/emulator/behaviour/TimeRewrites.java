package dev.yocto.emulator.behaviour;

import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.CertificateStatus;
import software.amazon.awssdk.services.acm.model.DescribeCertificateResponse;
import software.amazon.awssdk.services.acm.model.DomainStatus;
import software.amazon.awssdk.services.acm.model.RequestCertificateResponse;
import software.amazon.awssdk.services.cloudfront.model.CreateDistributionResponse;
import software.amazon.awssdk.services.cloudfront.model.CreateDistributionWithTagsResponse;
import software.amazon.awssdk.services.cloudfront.model.Distribution;
import software.amazon.awssdk.services.cloudfront.model.DistributionSummary;
import software.amazon.awssdk.services.cloudfront.model.GetDistributionResponse;
import software.amazon.awssdk.services.cloudfront.model.ListDistributionsResponse;
import software.amazon.awssdk.services.cloudfront.model.UpdateDistributionResponse;
import software.amazon.awssdk.services.ec2.model.CreateInternetGatewayResponse;
import software.amazon.awssdk.services.ec2.model.CreateNatGatewayRequest;
import software.amazon.awssdk.services.ec2.model.CreateNatGatewayResponse;
import software.amazon.awssdk.services.ec2.model.CreateRouteTableResponse;
import software.amazon.awssdk.services.ec2.model.CreateSecurityGroupResponse;
import software.amazon.awssdk.services.ec2.model.CreateSubnetResponse;
import software.amazon.awssdk.services.ec2.model.AttachInternetGatewayRequest;
import software.amazon.awssdk.services.ec2.model.DeleteNatGatewayRequest;
import software.amazon.awssdk.services.ec2.model.DescribeNatGatewaysResponse;
import software.amazon.awssdk.services.ec2.model.DetachInternetGatewayRequest;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.NatGatewayState;
import software.amazon.awssdk.services.ecs.model.CreateServiceResponse;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;
import software.amazon.awssdk.services.ecs.model.UpdateServiceResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateLoadBalancerResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeLoadBalancersResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerStateEnum;
import software.amazon.awssdk.services.iam.model.CreateRoleResponse;
import software.amazon.awssdk.services.iam.model.CreateServiceLinkedRoleResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogGroupRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogGroupsResponse;
import software.amazon.awssdk.services.rds.model.CreateDbClusterResponse;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceResponse;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.DeleteBucketRequest;
import software.amazon.awssdk.services.secretsmanager.model.DeleteSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DeleteSecretResponse;

/**
 * Records what a successful call did (the start of a phase) and, with the time model on, rewrites
 * the states read back while a phase is modeled as still running: NAT gateways pending/deleting,
 * Aurora clusters creating/backing-up and instances creating, certificates pending validation,
 * distributions InProgress, load balancers provisioning, ECS deployments IN_PROGRESS; and log groups
 * left out of listings during the consistency window.
 */
final class TimeRewrites {

    static final String NAT = "ec2:nat-gateway";
    static final String CLUSTER = "rds:db-cluster";
    static final String INSTANCE = "rds:db-instance";
    static final String CERTIFICATE = "acm:certificate";
    static final String DISTRIBUTION = "cloudfront:distribution";
    static final String LOAD_BALANCER = "elbv2:load-balancer";
    static final String SERVICE = "ecs:service";
    /** Consistency windows: a just-created EC2 id, IAM role, log group or bucket; a just-deleted name. */
    static final String CREATED = "created";
    static final String DELETED = "deleted";

    private final Settings settings;
    private final Timeline timeline;
    private final Stats stats;

    TimeRewrites(Settings settings, Timeline timeline, Stats stats) {
        this.settings = settings;
        this.timeline = timeline;
        this.stats = stats;
    }

    Duration phase(String kind, String transition) {
        return settings.scaled(TimeModel.duration(kind, transition));
    }

    /** True while the phase that began with the recorded event is modeled as running. */
    boolean running(String kind, String transition, String id) {
        return timeline.within(kind, transition, id, phase(kind, transition));
    }

    /** Notes the start of phases and the facts refusals need; called for every successful call. */
    void record(SdkRequest request, SdkResponse response) {
        if (response instanceof CreateNatGatewayResponse r) {
            timeline.record(NAT, "create", r.natGateway().natGatewayId());
            timeline.record(CREATED, "ec2", r.natGateway().natGatewayId());
            String allocation = ((CreateNatGatewayRequest) request).allocationId();
            if (allocation != null) {
                timeline.natOfAllocation.put(allocation, r.natGateway().natGatewayId());
            }
        } else if (request instanceof DeleteNatGatewayRequest r) {
            timeline.record(NAT, "delete", r.natGatewayId());
        } else if (response instanceof CreateSecurityGroupResponse r) {
            timeline.record(CREATED, "ec2", r.groupId());
        } else if (response instanceof CreateSubnetResponse r) {
            timeline.record(CREATED, "ec2", r.subnet().subnetId());
            timeline.subnetVpc.put(r.subnet().subnetId(), r.subnet().vpcId());
        } else if (response instanceof CreateRouteTableResponse r) {
            timeline.record(CREATED, "ec2", r.routeTable().routeTableId());
        } else if (response instanceof CreateInternetGatewayResponse r) {
            timeline.record(CREATED, "ec2", r.internetGateway().internetGatewayId());
        } else if (request instanceof AttachInternetGatewayRequest r) {
            timeline.attachedVpcs.add(r.vpcId());
        } else if (request instanceof DetachInternetGatewayRequest r) {
            timeline.attachedVpcs.remove(r.vpcId());
        } else if (response instanceof CreateRoleResponse r) {
            timeline.record(CREATED, "iam", r.role().roleName());
        } else if (response instanceof CreateServiceLinkedRoleResponse r) {
            timeline.record(CREATED, "iam", r.role().roleName());
        } else if (request instanceof CreateLogGroupRequest r) {
            timeline.record(CREATED, "logs", r.logGroupName());
        } else if (request instanceof CreateBucketRequest r) {
            timeline.record(CREATED, "s3", r.bucket());
        } else if (request instanceof DeleteBucketRequest r) {
            timeline.record(DELETED, "s3", r.bucket());
        } else if (request instanceof DeleteSecretRequest r && Boolean.TRUE.equals(r.forceDeleteWithoutRecovery())) {
            timeline.record(DELETED, "secretsmanager", ((DeleteSecretResponse) response).name());
        } else if (response instanceof CreateDbClusterResponse r) {
            timeline.record(CLUSTER, "create", r.dbCluster().dbClusterIdentifier());
        } else if (response instanceof CreateDbInstanceResponse r) {
            timeline.record(INSTANCE, "create", r.dbInstance().dbInstanceIdentifier());
        } else if (response instanceof RequestCertificateResponse r) {
            timeline.record(CERTIFICATE, "create", r.certificateArn());
        } else if (response instanceof CreateDistributionResponse r) {
            timeline.record(DISTRIBUTION, "create", r.distribution().id());
        } else if (response instanceof CreateDistributionWithTagsResponse r) {
            timeline.record(DISTRIBUTION, "create", r.distribution().id());
        } else if (response instanceof UpdateDistributionResponse r) {
            timeline.record(DISTRIBUTION, "update", r.distribution().id());
        } else if (response instanceof CreateLoadBalancerResponse r) {
            r.loadBalancers().forEach(lb -> timeline.record(LOAD_BALANCER, "create", lb.loadBalancerArn()));
        } else if (response instanceof CreateServiceResponse r) {
            timeline.record(SERVICE, "deploy", r.service().serviceArn());
        } else if (response instanceof UpdateServiceResponse r && request instanceof UpdateServiceRequest u
                && (u.taskDefinition() != null || Boolean.TRUE.equals(u.forceNewDeployment()))) {
            timeline.record(SERVICE, "deploy", r.service().serviceArn());
        }
    }

    /** The response as AWS would answer it now. */
    SdkResponse rewrite(SdkResponse response) {
        if (response instanceof DescribeLogGroupsResponse r && !settings.window().isZero()) {
            var visible = r.logGroups().stream()
                    .filter(g -> !timeline.within(CREATED, "logs", g.logGroupName(), settings.window())).toList();
            return count(r, visible.size() == r.logGroups().size() ? r : r.toBuilder().logGroups(visible).build());
        }
        if (!settings.timeModel()) {
            return response;
        }
        if (response instanceof CreateNatGatewayResponse r) {
            return count(r, r.toBuilder().natGateway(nat(r.natGateway())).build());
        } else if (response instanceof DescribeNatGatewaysResponse r) {
            return count(r, r.toBuilder().natGateways(r.natGateways().stream().map(this::nat).toList()).build());
        } else if (response instanceof CreateDbClusterResponse r) {
            return count(r, r.toBuilder().dbCluster(cluster(r.dbCluster())).build());
        } else if (response instanceof DescribeDbClustersResponse r) {
            return count(r, r.toBuilder().dbClusters(r.dbClusters().stream().map(this::cluster).toList()).build());
        } else if (response instanceof CreateDbInstanceResponse r) {
            return count(r, r.toBuilder().dbInstance(instance(r.dbInstance())).build());
        } else if (response instanceof DescribeDbInstancesResponse r) {
            return count(r, r.toBuilder().dbInstances(r.dbInstances().stream().map(this::instance).toList()).build());
        } else if (response instanceof DescribeCertificateResponse r && r.certificate() != null) {
            return count(r, r.toBuilder().certificate(certificate(r.certificate())).build());
        } else if (response instanceof CreateDistributionResponse r) {
            return count(r, r.toBuilder().distribution(distribution(r.distribution())).build());
        } else if (response instanceof CreateDistributionWithTagsResponse r) {
            return count(r, r.toBuilder().distribution(distribution(r.distribution())).build());
        } else if (response instanceof UpdateDistributionResponse r) {
            return count(r, r.toBuilder().distribution(distribution(r.distribution())).build());
        } else if (response instanceof GetDistributionResponse r) {
            return count(r, r.toBuilder().distribution(distribution(r.distribution())).build());
        } else if (response instanceof ListDistributionsResponse r && r.distributionList() != null
                && r.distributionList().items() != null) {
            List<DistributionSummary> items = r.distributionList().items().stream().map(this::summary).toList();
            return count(r, r.toBuilder().distributionList(r.distributionList().toBuilder().items(items).build())
                    .build());
        } else if (response instanceof CreateLoadBalancerResponse r) {
            return count(r, r.toBuilder().loadBalancers(r.loadBalancers().stream().map(this::loadBalancer).toList())
                    .build());
        } else if (response instanceof DescribeLoadBalancersResponse r) {
            return count(r, r.toBuilder().loadBalancers(r.loadBalancers().stream().map(this::loadBalancer).toList())
                    .build());
        } else if (response instanceof CreateServiceResponse r) {
            return count(r, r.toBuilder().service(service(r.service())).build());
        } else if (response instanceof UpdateServiceResponse r) {
            return count(r, r.toBuilder().service(service(r.service())).build());
        } else if (response instanceof DescribeServicesResponse r) {
            return count(r, r.toBuilder().services(r.services().stream().map(this::service).toList()).build());
        }
        return response;
    }

    private SdkResponse count(SdkResponse original, SdkResponse rewritten) {
        if (!original.equals(rewritten)) {
            stats.rewrites.incrementAndGet();
        }
        return rewritten;
    }

    private NatGateway nat(NatGateway nat) {
        String id = nat.natGatewayId();
        if (running(NAT, "delete", id) && nat.state() != NatGatewayState.FAILED) {
            return nat.toBuilder().state(NatGatewayState.DELETING).deleteTime(null).build();
        }
        if (running(NAT, "create", id) && nat.state() == NatGatewayState.AVAILABLE) {
            return nat.toBuilder().state(NatGatewayState.PENDING).build();
        }
        return nat;
    }

    private DBCluster cluster(DBCluster cluster) {
        String id = cluster.dbClusterIdentifier();
        if (!"available".equals(cluster.status())) {
            return cluster;
        }
        if (running(CLUSTER, "create", id)) {
            return cluster.toBuilder().status("creating").build();
        }
        if (backingUp(id)) {
            return cluster.toBuilder().status("backing-up").build();
        }
        return cluster;
    }

    /** After its create phase, a new cluster takes its first backup for the backup phase. */
    boolean backingUp(String clusterId) {
        Duration create = phase(CLUSTER, "create");
        return timeline.within(CLUSTER, "create", clusterId, create.plus(phase(CLUSTER, "backup")))
                && !running(CLUSTER, "create", clusterId);
    }

    /**
     * Creating for its own create phase, and in any case until its cluster is available: an instance
     * requested while its cluster is still creating (as AWS allows) is not usable before the cluster.
     */
    private DBInstance instance(DBInstance instance) {
        String cluster = instance.dbClusterIdentifier();
        boolean clusterBusy = cluster != null && (running(CLUSTER, "create", cluster) || backingUp(cluster));
        if ("available".equals(instance.dbInstanceStatus())
                && (running(INSTANCE, "create", instance.dbInstanceIdentifier()) || clusterBusy)) {
            return instance.toBuilder().dbInstanceStatus("creating").build();
        }
        return instance;
    }

    private CertificateDetail certificate(CertificateDetail certificate) {
        if (certificate.status() == CertificateStatus.ISSUED
                && running(CERTIFICATE, "create", certificate.certificateArn())) {
            return certificate.toBuilder().status(CertificateStatus.PENDING_VALIDATION)
                    .domainValidationOptions(certificate.domainValidationOptions().stream()
                            .map(v -> v.toBuilder().validationStatus(DomainStatus.PENDING_VALIDATION).build())
                            .toList())
                    .build();
        }
        return certificate;
    }

    /** True while a create or an update (e.g. the disable) of the distribution is deploying. */
    boolean deploying(String distributionId) {
        return running(DISTRIBUTION, "create", distributionId) || running(DISTRIBUTION, "update", distributionId);
    }

    private Distribution distribution(Distribution distribution) {
        return distribution != null && deploying(distribution.id())
                ? distribution.toBuilder().status("InProgress").build() : distribution;
    }

    private DistributionSummary summary(DistributionSummary summary) {
        return deploying(summary.id()) ? summary.toBuilder().status("InProgress").build() : summary;
    }

    private LoadBalancer loadBalancer(LoadBalancer lb) {
        if (running(LOAD_BALANCER, "create", lb.loadBalancerArn()) && lb.state() != null
                && lb.state().code() == LoadBalancerStateEnum.ACTIVE) {
            return lb.toBuilder().state(s -> s.code(LoadBalancerStateEnum.PROVISIONING)).build();
        }
        return lb;
    }

    private Service service(Service service) {
        if (!running(SERVICE, "deploy", service.serviceArn())) {
            return service;
        }
        List<Deployment> deployments = service.deployments().stream()
                .map(d -> "PRIMARY".equals(d.status())
                        ? d.toBuilder().rolloutState(DeploymentRolloutState.IN_PROGRESS).runningCount(0).build() : d)
                .toList();
        return service.toBuilder().deployments(deployments).runningCount(0).build();
    }
}
