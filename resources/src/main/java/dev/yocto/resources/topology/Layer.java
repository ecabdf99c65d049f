package dev.yocto.resources.topology;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * The four layers of the Yoctogram stack, in the order they build on each other, with the AWS
 * services each one's resources call (named as LocalStack's health names them).
 */
public enum Layer {
    DNS(Set.of("route53", "acm")),
    NETWORK(Set.of("ec2")),
    DATA(Set.of("sts", "secretsmanager", "rds", "s3", "cloudfront")),
    COMPUTE(Set.of("ecr", "logs", "iam", "ecs", "elbv2", "application-autoscaling", "s3", "cloudfront", "route53"));

    private final Set<String> services;

    Layer(Set<String> services) {
        this.services = services;
    }

    public String id() {
        return name().toLowerCase();
    }

    public Set<String> services() {
        return services;
    }

    public static Optional<Layer> parse(String id) {
        return Arrays.stream(values()).filter(layer -> layer.id().equals(id)).findFirst();
    }
}
