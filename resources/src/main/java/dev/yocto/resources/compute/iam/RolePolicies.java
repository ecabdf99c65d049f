package dev.yocto.resources.compute.iam;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The least-privilege inline policies of the backend's two roles (DESIGN §6). Every data action
 * names exactly the resources it needs; the only {@code "*"} is ECR's GetAuthorizationToken, which
 * AWS accepts on no other resource and which reads no data.
 */
public final class RolePolicies {

    private RolePolicies() {
    }

    /** What ECS needs to start the task: pull the image, write its logs, read its three secrets. */
    public static RoleResource executionRole(Address address, Address repository, Address logGroup,
                                             List<Address> secrets) {
        Set<Address> dependencies = new LinkedHashSet<>(List.of(repository, logGroup));
        dependencies.addAll(secrets);
        Function<Context, PolicyDocument> policy = context -> new PolicyDocument()
                .allow("EcrAuthorization", List.of("ecr:GetAuthorizationToken"), List.of("*"))
                .allow("PullBackendImage", List.of("ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer",
                        "ecr:BatchGetImage"), List.of(context.dependency(repository).attribute("arn")))
                .allow("WriteLogs", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                        List.of(context.dependency(logGroup).attribute("arn") + ":log-stream:*"))
                .allow("ReadSecrets", List.of("secretsmanager:GetSecretValue"),
                        secrets.stream().map(secret -> context.dependency(secret).attribute("arn")).toList());
        return new RoleResource(address, "execution", dependencies, policy);
    }

    /**
     * What the backend itself does: put uploaded images into, and read them from, the two image
     * buckets. ListBucket on the buckets themselves (not their objects) makes S3 answer 404 rather
     * than 403 for a key that is not there yet, which the backend's upload confirmation relies on.
     */
    public static RoleResource taskRole(Address address, List<Address> buckets) {
        Function<Context, PolicyDocument> policy = context -> new PolicyDocument()
                .allow("ReadWriteImages", List.of("s3:GetObject", "s3:PutObject"),
                        buckets.stream().map(bucket -> context.dependency(bucket).attribute("arn") + "/*").toList())
                .allow("TellMissingImages", List.of("s3:ListBucket"),
                        buckets.stream().map(bucket -> context.dependency(bucket).attribute("arn")).toList());
        return new RoleResource(address, "task", Set.copyOf(buckets), policy);
    }
}
