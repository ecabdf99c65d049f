package dev.yocto.resources.compute.ecs;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.LegacyKind;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Resource;
import dev.yocto.resources.compute.EcrRepositoryResource;
import dev.yocto.resources.compute.Runs;
import dev.yocto.resources.compute.iam.RolePolicies;
import dev.yocto.resources.compute.iam.RoleResource;
import dev.yocto.resources.compute.logs.LogGroupResource;
import dev.yocto.resources.data.buckets.BucketKind;
import dev.yocto.resources.data.secrets.SecretKind;
import dev.yocto.resources.data.secrets.SecretValue;
import dev.yocto.resources.data.secrets.SecretValues;
import dev.yocto.resources.topology.ComputeLayer;
import dev.yocto.resources.topology.DataLayer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the task resources depend on, for one stack on the emulator: the cheap upstream resources
 * are real (repository, log group, secrets, image buckets), made by their own handlers; the slow
 * ones (image, distributions, CloudFront key, the db secret's connection fields) are resolved with
 * realistic values. On an emulator without ECR (LocalStack) the repository is resolved too.
 */
public final class TaskFixture {

    public static final String SITE = "yoctogram.example.com";
    public static final String DIGEST = "sha256:0f5b3c1e9a7d4b2c8e6f1a3d5b7c9e0f2a4c6e8b1d3f5a7c9e0b2d4f6a8c0e1f";
    public static final String PUBLIC_DOMAIN = "d1111abcdef8.cloudfront.net";
    public static final String PRIVATE_DOMAIN = "d2222abcdef8.cloudfront.net";
    public static final String KEY_ID = "K2JCJMDEHXQW5F";

    private final Runs runs;
    private final String stack;
    private final List<Resource> upstream = new ArrayList<>();

    public TaskFixture(Runs runs, String stack) {
        this.runs = runs;
        this.stack = stack;
        if (runs.emulator().offers("ecr")) {
            upstream.add(new EcrRepositoryResource(ComputeLayer.ECR_REPOSITORY, ComputeLayer.repositoryName(stack)));
        }
        upstream.addAll(List.of(
                new LogGroupResource(ComputeLayer.LOG_GROUP, "backend", LogGroupResource.RETENTION_DAYS),
                secret(DataLayer.SECRET_DB, "db", "database credentials",
                        SecretValues.databaseCredentials(DataLayer.DATABASE, DataLayer.DATABASE)),
                secret(DataLayer.SECRET_JWT, "jwt", "signing key", SecretValues.signingKey()),
                secret(DataLayer.SECRET_CLOUDFRONT_KEY, "cloudfront-key", "CloudFront key",
                        SecretValues.rsaPrivateKey()),
                bucket(DataLayer.BUCKET_PUBLIC, "public-images"),
                bucket(DataLayer.BUCKET_PRIVATE, "private-images")));
    }

    private static Resource secret(Address address, String name, String description, SecretValue value) {
        return LegacyKind.converted(Desired.of(address, SecretKind.KIND, new SecretKind.Settings(name, description,
                value)));
    }

    private static Resource bucket(Address address, String purpose) {
        return LegacyKind.converted(Desired.of(address, BucketKind.KIND, new BucketKind.Settings(purpose,
                Optional.of("https://" + SITE))));
    }

    public static RoleResource executionRole() {
        return RolePolicies.executionRole(ComputeLayer.EXECUTION_ROLE, ComputeLayer.ECR_REPOSITORY,
                ComputeLayer.LOG_GROUP, List.of(DataLayer.SECRET_DB, DataLayer.SECRET_JWT,
                        DataLayer.SECRET_CLOUDFRONT_KEY));
    }

    public static RoleResource taskRole() {
        return RolePolicies.taskRole(ComputeLayer.TASK_ROLE, List.of(DataLayer.BUCKET_PUBLIC, DataLayer.BUCKET_PRIVATE));
    }

    public static TaskDefinitionResource taskDefinition() {
        return new TaskDefinitionResource(ComputeLayer.TASK_DEFINITION,
                TaskDefinitionResource.Settings.backend(512, 2048, SITE, "linux/arm64"),
                new TaskDefinitionResource.Inputs(ComputeLayer.IMAGE, ComputeLayer.LOG_GROUP,
                        ComputeLayer.EXECUTION_ROLE, ComputeLayer.TASK_ROLE, DataLayer.BUCKET_PUBLIC,
                        DataLayer.BUCKET_PRIVATE, DataLayer.DISTRIBUTION_PUBLIC, DataLayer.DISTRIBUTION_PRIVATE,
                        DataLayer.PUBLIC_KEY, DataLayer.SECRET_DB, DataLayer.DB_CONNECTION, DataLayer.SECRET_JWT,
                        DataLayer.SECRET_CLOUDFRONT_KEY));
    }

    /** A new run with every upstream resource converged (made on the first run) and the slow ones resolved. */
    public Context run() {
        Context context = runs.context();
        upstream.forEach(resource -> Runs.converge(context, resource, Optional.empty()));
        if (context.resolved(ComputeLayer.ECR_REPOSITORY).isEmpty()) {
            String name = ComputeLayer.repositoryName(stack);
            String arn = "arn:aws:ecr:" + context.region() + ":123456789012:repository/" + name;
            context.resolve(ComputeLayer.ECR_REPOSITORY, new Live(name, arn, Map.of("name", name, "arn", arn,
                    "uri", "123456789012.dkr.ecr." + context.region() + ".amazonaws.com/" + name,
                    "registryId", "123456789012"), Map.of()));
        }
        String repositoryUri = context.dependency(ComputeLayer.ECR_REPOSITORY).attribute("uri");
        context.resolve(ComputeLayer.IMAGE, Live.of(repositoryUri + ":c0ffee", Map.of(
                "imageUri", repositoryUri + "@" + DIGEST, "digest", DIGEST, "placeholder", "false"), Map.of()));
        context.resolve(DataLayer.DISTRIBUTION_PUBLIC, distribution("E1PUBLIC0000AA", PUBLIC_DOMAIN));
        context.resolve(DataLayer.DISTRIBUTION_PRIVATE, distribution("E2PRIVATE000BB", PRIVATE_DOMAIN));
        context.resolve(DataLayer.PUBLIC_KEY, Live.of(KEY_ID, Map.of("id", KEY_ID), Map.of()));
        context.resolve(DataLayer.DB_CONNECTION, Live.of("connection", Map.of(), Map.of()));
        return context;
    }

    /** {@link #run()} plus both roles converged. */
    public Context runWithRoles() {
        Context context = run();
        Runs.converge(context, executionRole(), Optional.empty());
        Runs.converge(context, taskRole(), Optional.empty());
        return context;
    }

    private static Live distribution(String id, String domain) {
        String arn = "arn:aws:cloudfront::123456789012:distribution/" + id;
        return new Live(id, arn, Map.of("id", id, "arn", arn, "domainName", domain), Map.of());
    }
}
