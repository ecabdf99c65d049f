package dev.yocto.emulator.behaviour;

import java.util.Arrays;
import java.util.Optional;

/** The refusals AWS makes and moto does not, each switchable by its name in the profile's settings. */
public enum Refusal {

    /**
     * CreateLoadBalancer (internet-facing) in a VPC whose internet gateway is not attached:
     * {@code InvalidSubnet}. https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html
     */
    LB_WITHOUT_IGW("lb-igw"),
    /**
     * ReleaseAddress of the Elastic IP of a NAT gateway being deleted: {@code InvalidIPAddress.InUse}
     * while it is deleting, {@code AuthFailure} for a while after.
     * https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html
     */
    EIP_AFTER_NAT("eip-nat"),
    /**
     * DeleteDistribution while its disable is still deploying: {@code DistributionNotDisabled}.
     * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/HowToDeleteDistribution.html
     */
    DISTRIBUTION_DEPLOYING("cf-deploying"),
    /**
     * CreateService while a role made in the last window is not yet assumable by ECS:
     * {@code InvalidParameterException} ("Unable to assume the service linked role").
     * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency
     */
    ROLE_NOT_ASSUMABLE("ecs-role"),
    /**
     * CreateSecret on a name whose forced deletion is still in progress: {@code InvalidRequestException}.
     * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html
     */
    SECRET_SCHEDULED("secret-deleted"),
    /**
     * CreateBucket just after the same name was deleted: {@code OperationAborted} (409).
     * https://docs.aws.amazon.com/AmazonS3/latest/userguide/delete-bucket.html
     */
    BUCKET_JUST_DELETED("bucket-deleted"),
    /**
     * DeleteDBCluster while the cluster takes its first backup: {@code InvalidDBClusterStateFault}.
     * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBCluster.html
     */
    CLUSTER_BACKING_UP("db-backing-up");

    private final String id;

    Refusal(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<Refusal> parse(String id) {
        return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
    }
}
