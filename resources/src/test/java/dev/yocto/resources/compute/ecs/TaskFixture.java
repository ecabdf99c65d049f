package dev.yocto.resources.compute.ecs;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.compute.Runs;
import dev.yocto.resources.config.ConfigLoader;
import dev.yocto.resources.config.StackConfig;
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

    /** Where the site is: {@value #SITE}. */
    private static final StackConfig CONFIG = ConfigLoader.parse("test", "stack: fixture\ndomain: example.com",
            Optional.empty(), "us-west-2");

    private final Runs runs;
    private final String stack;
    private final List<Desired<?>> upstream = new ArrayList<>();

    public TaskFixture(Runs runs, String stack) {
        this.runs = runs;
        this.stack = stack;
        if (runs.emulator().offers("ecr")) {
            upstream.add(Runs.compute(stack, ComputeLayer.ECR_REPOSITORY));
        }
        upstream.addAll(List.of(Runs.compute(stack, ComputeLayer.LOG_GROUP),
                secret(DataLayer.SECRET_DB, "db", "database credentials",
                        SecretValues.databaseCredentials(DataLayer.DATABASE, DataLayer.DATABASE)),
                secret(DataLayer.SECRET_JWT, "jwt", "signing key", SecretValues.signingKey()),
                secret(DataLayer.SECRET_CLOUDFRONT_KEY, "cloudfront-key", "CloudFront key",
                        SecretValues.rsaPrivateKey()),
                bucket(DataLayer.BUCKET_PUBLIC, "public-images"),
                bucket(DataLayer.BUCKET_PRIVATE, "private-images")));
    }

    private static Desired<?> secret(Address address, String name, String description, SecretValue value) {
        return Desired.of(address, SecretKind.KIND, new SecretKind.Settings(name, description, value));
    }

    private static Desired<?> bucket(Address address, String purpose) {
        return Desired.of(address, BucketKind.KIND, new BucketKind.Settings(purpose, Optional.of("https://" + SITE)));
    }

    public static Desired<?> executionRole() {
        return Runs.compute(CONFIG, ComputeLayer.EXECUTION_ROLE);
    }

    public static Desired<?> taskRole() {
        return Runs.compute(CONFIG, ComputeLayer.TASK_ROLE);
    }

    public static Desired<?> taskDefinition() {
        return Runs.compute(CONFIG, ComputeLayer.TASK_DEFINITION);
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
        String dbSecret = context.dependency(DataLayer.SECRET_DB).physicalId();
        context.resolve(DataLayer.DB_CONNECTION, Live.of(dbSecret, Map.of("secretArn", dbSecret), Map.of()));
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
