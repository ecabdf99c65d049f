package dev.yocto.emulator.behaviour;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.cloudfront.model.DeleteDistributionRequest;
import software.amazon.awssdk.services.ec2.model.AssociateRouteTableRequest;
import software.amazon.awssdk.services.ec2.model.AttachInternetGatewayRequest;
import software.amazon.awssdk.services.ec2.model.AuthorizeSecurityGroupEgressRequest;
import software.amazon.awssdk.services.ec2.model.AuthorizeSecurityGroupIngressRequest;
import software.amazon.awssdk.services.ec2.model.CreateRouteRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInternetGatewaysRequest;
import software.amazon.awssdk.services.ec2.model.DescribeNatGatewaysRequest;
import software.amazon.awssdk.services.ec2.model.DescribeRouteTablesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsRequest;
import software.amazon.awssdk.services.ec2.model.ModifySubnetAttributeRequest;
import software.amazon.awssdk.services.ec2.model.ReleaseAddressRequest;
import software.amazon.awssdk.services.ec2.model.RevokeSecurityGroupEgressRequest;
import software.amazon.awssdk.services.ec2.model.RevokeSecurityGroupIngressRequest;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateLoadBalancerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerSchemeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.SubnetMapping;
import software.amazon.awssdk.services.rds.model.DeleteDbClusterRequest;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretRequest;

/**
 * The answers AWS gives instead of doing the call: the not-found of a just-created resource asked
 * for by id, and the refusals of {@link Refusal}. Each is decided before the call reaches the
 * emulator, so nothing happens there, as on AWS.
 */
final class Refusals {

    private final Settings settings;
    private final Timeline timeline;
    private final TimeRewrites phases;

    Refusals(Settings settings, Timeline timeline, TimeRewrites phases) {
        this.settings = settings;
        this.timeline = timeline;
        this.phases = phases;
    }

    /** The not-found AWS answers for a resource it made moments ago, with the answer's name. */
    Optional<AwsServiceException> notFound(SdkRequest request) {
        if (settings.window().isZero()) {
            return Optional.empty();
        }
        for (String id : ec2Ids(request)) {
            if (young("ec2", id)) {
                return Optional.of(ServiceErrors.of(request, ec2NotFound(id)));
            }
        }
        String service = ServiceErrors.service(request);
        if (service.equals("iam") && !request.getClass().getSimpleName().equals("CreateRoleRequest")) {
            Optional<String> role = request.getValueForField("RoleName", String.class);
            if (role.isPresent() && young("iam", role.get())) {
                return Optional.of(ServiceErrors.modeled(request, "NoSuchEntityException", new ServiceErrors.Error(
                        "NoSuchEntity", 404, "The role with name " + role.get() + " cannot be found.")));
            }
        }
        if (service.equals("cloudwatchlogs") && !request.getClass().getSimpleName().equals("CreateLogGroupRequest")) {
            Optional<String> group = request.getValueForField("logGroupName", String.class);
            if (group.isPresent() && young("logs", group.get())) {
                return Optional.of(ServiceErrors.modeled(request, "ResourceNotFoundException",
                        new ServiceErrors.Error("ResourceNotFoundException", 400,
                                "The specified log group does not exist.")));
            }
        }
        if (service.equals("s3") && !(request instanceof CreateBucketRequest)) {
            Optional<String> bucket = request.getValueForField("Bucket", String.class);
            if (bucket.isPresent() && young("s3", bucket.get())) {
                return Optional.of(ServiceErrors.modeled(request, "NoSuchBucketException",
                        new ServiceErrors.Error("NoSuchBucket", 404, "The specified bucket does not exist")));
            }
        }
        return Optional.empty();
    }

    private boolean young(String service, String id) {
        return timeline.within(TimeRewrites.CREATED, service, id, settings.window());
    }

    private static List<String> ec2Ids(SdkRequest request) {
        List<String> ids = new ArrayList<>();
        if (request instanceof DescribeSecurityGroupsRequest r) {
            ids.addAll(r.groupIds());
        } else if (request instanceof AuthorizeSecurityGroupIngressRequest r) {
            ids.add(r.groupId());
        } else if (request instanceof AuthorizeSecurityGroupEgressRequest r) {
            ids.add(r.groupId());
        } else if (request instanceof RevokeSecurityGroupIngressRequest r) {
            ids.add(r.groupId());
        } else if (request instanceof RevokeSecurityGroupEgressRequest r) {
            ids.add(r.groupId());
        } else if (request instanceof DescribeSubnetsRequest r) {
            ids.addAll(r.subnetIds());
        } else if (request instanceof ModifySubnetAttributeRequest r) {
            ids.add(r.subnetId());
        } else if (request instanceof DescribeRouteTablesRequest r) {
            ids.addAll(r.routeTableIds());
        } else if (request instanceof AssociateRouteTableRequest r) {
            ids.add(r.routeTableId());
        } else if (request instanceof CreateRouteRequest r) {
            ids.add(r.routeTableId());
        } else if (request instanceof DescribeNatGatewaysRequest r) {
            ids.addAll(r.natGatewayIds());
        } else if (request instanceof DescribeInternetGatewaysRequest r) {
            ids.addAll(r.internetGatewayIds());
        } else if (request instanceof AttachInternetGatewayRequest r) {
            ids.add(r.internetGatewayId());
        }
        ids.removeIf(java.util.Objects::isNull);
        return ids;
    }

    /** EC2's error code for an unknown id, by its prefix. */
    private static ServiceErrors.Error ec2NotFound(String id) {
        String code = id.startsWith("sg-") ? "InvalidGroup.NotFound"
                : id.startsWith("subnet-") ? "InvalidSubnetID.NotFound"
                : id.startsWith("rtb-") ? "InvalidRouteTableID.NotFound"
                : id.startsWith("nat-") ? "NatGatewayNotFound"
                : id.startsWith("igw-") ? "InvalidInternetGatewayID.NotFound" : "InvalidID";
        return new ServiceErrors.Error(code, 400, "The ID '" + id + "' does not exist");
    }

    /** The refusal AWS answers with, and which one. */
    record Refused(Refusal refusal, AwsServiceException exception) {
    }

    Optional<Refused> refusal(SdkRequest request) {
        if (request instanceof CreateLoadBalancerRequest r && settings.refuses(Refusal.LB_WITHOUT_IGW)
                && r.scheme() != LoadBalancerSchemeEnum.INTERNAL) {
            Optional<String> detached = Stream.concat(r.subnets().stream(),
                            r.subnetMappings().stream().map(SubnetMapping::subnetId))
                    .map(timeline.subnetVpc::get).filter(java.util.Objects::nonNull)
                    .filter(vpc -> !timeline.attachedVpcs.contains(vpc)).findFirst();
            if (detached.isPresent()) {
                return refused(Refusal.LB_WITHOUT_IGW, ServiceErrors.modeled(request, "InvalidSubnetException",
                        new ServiceErrors.Error("InvalidSubnet", 400, "VPC " + detached.get()
                                + " has no internet gateway")));
            }
        }
        if (request instanceof ReleaseAddressRequest r && settings.refuses(Refusal.EIP_AFTER_NAT)
                && r.allocationId() != null) {
            String nat = timeline.natOfAllocation.get(r.allocationId());
            if (nat != null) {
                Duration deleting = phases.phase(TimeRewrites.NAT, "delete");
                // A consistency window like the others: never shorter than the profile's window.
                Duration after = phases.phase("ec2:elastic-ip", "release-after-nat");
                Duration held = deleting.plus(after.compareTo(settings.window()) < 0 ? settings.window() : after);
                boolean deleted = timeline.since(TimeRewrites.NAT, "delete", nat).isPresent();
                if (!deleted || timeline.within(TimeRewrites.NAT, "delete", nat, deleting)) {
                    return refused(Refusal.EIP_AFTER_NAT, ServiceErrors.of(request, new ServiceErrors.Error(
                            "InvalidIPAddress.InUse", 400, "Address " + r.allocationId() + " is in use.")));
                }
                if (timeline.within(TimeRewrites.NAT, "delete", nat, held)) {
                    return refused(Refusal.EIP_AFTER_NAT, ServiceErrors.of(request, new ServiceErrors.Error(
                            "AuthFailure", 400, "You do not have permission to access the specified resource.")));
                }
            }
        }
        if (request instanceof DeleteDistributionRequest r && settings.refuses(Refusal.DISTRIBUTION_DEPLOYING)
                && phases.deploying(r.id())) {
            return refused(Refusal.DISTRIBUTION_DEPLOYING, ServiceErrors.modeled(request,
                    "DistributionNotDisabledException", new ServiceErrors.Error("DistributionNotDisabled", 409,
                            "The distribution you are trying to delete has not been disabled.")));
        }
        if (request instanceof CreateServiceRequest && settings.refuses(Refusal.ROLE_NOT_ASSUMABLE)
                && timeline.anyWithin(TimeRewrites.CREATED, "iam", settings.window())) {
            return refused(Refusal.ROLE_NOT_ASSUMABLE, ServiceErrors.modeled(request, "InvalidParameterException",
                    new ServiceErrors.Error("InvalidParameterException", 400, "Unable to assume the service linked "
                            + "role. Please verify that the ECS service linked role exists.")));
        }
        if (request instanceof CreateSecretRequest r && settings.refuses(Refusal.SECRET_SCHEDULED)
                && timeline.within(TimeRewrites.DELETED, "secretsmanager", r.name(), settings.window())) {
            return refused(Refusal.SECRET_SCHEDULED, ServiceErrors.modeled(request, "InvalidRequestException",
                    new ServiceErrors.Error("InvalidRequestException", 400, "You can't create this secret because "
                            + "a secret with this name is already scheduled for deletion.")));
        }
        if (request instanceof CreateBucketRequest r && settings.refuses(Refusal.BUCKET_JUST_DELETED)
                && timeline.within(TimeRewrites.DELETED, "s3", r.bucket(), settings.window())) {
            return refused(Refusal.BUCKET_JUST_DELETED, ServiceErrors.of(request, new ServiceErrors.Error(
                    "OperationAborted", 409, "A conflicting conditional operation is currently in progress against "
                            + "this resource. Please try again.")));
        }
        if (request instanceof DeleteDbClusterRequest r && settings.refuses(Refusal.CLUSTER_BACKING_UP)
                && (phases.running(TimeRewrites.CLUSTER, "create", r.dbClusterIdentifier())
                || phases.backingUp(r.dbClusterIdentifier()))) {
            return refused(Refusal.CLUSTER_BACKING_UP, ServiceErrors.modeled(request, "InvalidDbClusterStateException",
                    new ServiceErrors.Error("InvalidDBClusterStateFault", 400, "Cannot delete DB cluster "
                            + r.dbClusterIdentifier() + ": it is not in the available state.")));
        }
        return Optional.empty();
    }

    private static Optional<Refused> refused(Refusal refusal, AwsServiceException exception) {
        return Optional.of(new Refused(refusal, exception));
    }
}
