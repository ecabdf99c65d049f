package dev.yocto.resources.compute.iam;

import dev.yocto.resources.api.Ref;
import dev.yocto.resources.compute.iam.RoleKind.Grant;
import dev.yocto.resources.compute.iam.RoleKind.Target;
import java.util.List;

/**
 * The least-privilege inline policies of the backend's two roles (DESIGN §6). Every data action
 * names exactly the resources it needs; the only {@code "*"} is ECR's GetAuthorizationToken, which
 * AWS accepts on no other resource and which reads no data.
 */
public final class RolePolicies {

    private RolePolicies() {
    }

    /** What ECS needs to start the task: pull the image, write its logs, read its three secrets. */
    public static RoleKind.Settings executionRole(Ref<String> repositoryArn, Ref<String> logGroupArn,
                                                  List<Ref<String>> secretArns) {
        return new RoleKind.Settings("execution", List.of(
                new Grant("EcrAuthorization", List.of("ecr:GetAuthorizationToken"), List.of(Target.ANY)),
                new Grant("PullBackendImage", List.of("ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer",
                        "ecr:BatchGetImage"), List.of(Target.of(repositoryArn))),
                new Grant("WriteLogs", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                        List.of(Target.of(logGroupArn, ":log-stream:*"))),
                new Grant("ReadSecrets", List.of("secretsmanager:GetSecretValue"),
                        secretArns.stream().map(Target::of).toList())));
    }

    /**
     * What the backend itself does: put uploaded images into, and read them from, the two image
     * buckets. ListBucket on the buckets themselves (not their objects) makes S3 answer 404 rather
     * than 403 for a key that is not there yet, which the backend's upload confirmation relies on.
     */
    public static RoleKind.Settings taskRole(List<Ref<String>> bucketArns) {
        return new RoleKind.Settings("task", List.of(
                new Grant("ReadWriteImages", List.of("s3:GetObject", "s3:PutObject"),
                        bucketArns.stream().map(arn -> Target.of(arn, "/*")).toList()),
                new Grant("TellMissingImages", List.of("s3:ListBucket"), bucketArns.stream().map(Target::of).toList())));
    }
}
