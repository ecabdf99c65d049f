package dev.yocto.resources.api;

import java.util.Optional;
import java.util.Set;

/**
 * The emulator profile: every place where yocto behaves differently against an AWS emulator, each
 * with its reason. Against AWS it is {@link #NONE}, and nothing is bent.
 * <p>
 * What an emulator lacks without yocto behaving differently for it, so that its tests show less
 * than AWS would: moto 5.2.5 checks a state write's {@code If-Match} and the lock's
 * {@code If-None-Match: *} on PutObject (and {@code If-Match} on DeleteObject), but as a read
 * before the write, not in one step with it, so two truly simultaneous conditional writes can both
 * succeed there; and it never answers 409 ConditionalRequestConflict. The S3 state's tests therefore
 * race writes one after the other (the interleaving the condition guards), and the code treats 409
 * like 412 as AWS documents it.
 * <p>
 * What an emulator lacks that yocto adds to it rather than bending: moto 5.2.5 has no CloudFront
 * response-headers-policy calls at all (the stack's security headers), so the moto that yocto and
 * its tests start gains them from {@code yocto_moto_extensions.py} in the emulator module (names
 * unique, If-Match checked, a policy in use refused as AWS does); nothing behaves differently here.
 * A moto started by hand without it answers those calls with HTTP 404.
 *
 * @param active   true when talking to an emulator ({@code --local} or {@code --endpoint-url})
 * @param pollMillis first pause of every wait; emulators answer at once, AWS takes seconds. The SDK's
 *                 pauses between the attempts of a call shrink in the same proportion
 *                 ({@link #retryBackoffScale()}): an emulator has no load to relieve, and the
 *                 behaviour profile's faults come from a seed, not from the clock, so against moto
 *                 the same attempts fail and succeed, only without AWS's seconds between them
 * @param evaluatesPolicyConditions false on moto: it applies bucket-policy statements to object
 *                 calls but ignores their Condition, so the deny of insecure transport would deny
 *                 every object call; that statement is then left out of the image buckets' policy.
 *                 True on AWS, and on LocalStack, which applies no bucket policy: the whole policy
 *                 is safe to write there
 * @param deletesKeyGroups false on moto: it has no DeleteKeyGroup or UpdateKeyGroup (HTTP 500);
 *                 teardown then leaves the key group, and a key group whose keys are all gone
 *                 counts as deleted
 * @param reportsOriginAccessControl false on moto: it drops OriginAccessControlId (and an S3
 *                 origin's S3OriginConfig) from distribution responses, so those fields cannot be
 *                 compared
 * @param deletesAutomatedSnapshots false on moto: it keeps a deleted cluster's automated snapshot,
 *                 named by the minute, and then refuses to create a cluster of the same name within
 *                 that minute; teardown then deletes those snapshots itself, as AWS does
 * @param imageRegistry where images are pushed instead of the ECR repository's own registry: moto's
 *                 ECR has no registry behind it, so against an emulator the backend image goes to a
 *                 local registry ({@code 127.0.0.1:5000}, which {@code .ci/setup-docker} starts);
 *                 empty on AWS. {@code YOCTO_REGISTRY} overrides either.
 * @param placeholderImageWithoutDocker true on an emulator: {@code --local} must work on a machine
 *                 without Docker, so when no daemon or no local registry answers, the image
 *                 resource yields a placeholder image reference (labelled as such in the output and
 *                 its {@code placeholder} attribute) and the rest of the stack deploys with it. On AWS
 *                 a missing daemon is an error that says how to start one.
 * @param reportsServiceDeploymentSettings false on moto: CreateService drops the capacity provider
 *                 strategy, the deployment configuration (circuit breaker, percentages) and the
 *                 health check grace period (it keeps them only from UpdateService), so the ECS
 *                 service cannot compare those fields
 * @param advancesServiceDeployments false on moto: no task runs behind a service, and a
 *                 deployment's rolloutState is fixed when the service is created (COMPLETED only if
 *                 MOTO_ECS_SERVICE_RUNNING covers desiredCount) and never changes; the service then
 *                 reads its deployment once (a FAILED one still fails) instead of waiting for it
 * @param listsEngineVersions false on moto: it has no DescribeDBEngineVersions (HTTP 500), so the
 *                 Aurora engine version cannot be checked before the cluster's create
 * @param missingServices the AWS services the emulator does not offer, named as LocalStack's health
 *                 names them: LocalStack's community runtime answers every call to ECR, ECS, ELBv2,
 *                 Application Auto Scaling, RDS and CloudFront with HTTP 501 (they are licensed
 *                 features since March 2026). A layer that needs one of them cannot exist there
 *                 ({@code Topology.absentOn}): provision and status leave it out and say so, an explicit
 *                 {@code --only} of it is refused, teardown does not look at it. moto offers them all.
 */
public record Emulation(boolean active, long pollMillis, boolean evaluatesPolicyConditions,
                        boolean deletesKeyGroups, boolean reportsOriginAccessControl,
                        boolean deletesAutomatedSnapshots, Optional<String> imageRegistry,
                        boolean placeholderImageWithoutDocker, boolean reportsServiceDeploymentSettings,
                        boolean advancesServiceDeployments, boolean listsEngineVersions,
                        Set<String> missingServices) {

    public static final Emulation NONE = new Emulation(false, 2_000, true, true, true, true, Optional.empty(),
            false, true, true, true, Set.of());

    /**
     * With the AWS behaviour profile's time model on, a deployment is IN_PROGRESS for its modeled
     * time and then moto's COMPLETED: the service waits for it as on AWS.
     */
    public Emulation withAdvancingDeployments() {
        return new Emulation(active, pollMillis, evaluatesPolicyConditions, deletesKeyGroups, reportsOriginAccessControl,
                deletesAutomatedSnapshots, imageRegistry, placeholderImageWithoutDocker,
                reportsServiceDeploymentSettings, true, listsEngineVersions, missingServices);
    }

    /** moto: it reaches final states on the next describe. */
    public static final Emulation EMULATOR = new Emulation(true, 50, false, false, false, false,
            Optional.of("127.0.0.1:5000"), true, false, false, false, Set.of());

    /**
     * LocalStack's community runtime (localstack-core 2026.3.0; moto inside for most services):
     * moto's profile, less six services, and the image buckets' policy as AWS gets it — LocalStack
     * applies no bucket policy at all (an unconditional Deny of s3:* lets every call through), so
     * the deny of insecure transport is harmless there. The flags about CloudFront, RDS, ECR and ECS
     * keep moto's values: those services are missing, nothing reads them.
     */
    public static final Emulation LOCALSTACK = new Emulation(true, 50, true, false, false, false,
            Optional.of("127.0.0.1:5000"), true, false, false, false, Set.of("ecr", "ecs", "elbv2",
            "application-autoscaling", "rds", "cloudfront"));

    public Emulation {
        missingServices = Set.copyOf(missingServices);
    }

    /**
     * How the SDK's backoff compares with AWS's: 1 against AWS, 1/40 on an emulator (the standard
     * strategy's 100 ms, 1 s after throttling and 20 s at most become 2.5 ms, 25 ms and 500 ms).
     */
    public double retryBackoffScale() {
        return (double) pollMillis / NONE.pollMillis;
    }

    public boolean offers(String service) {
        return !missingServices.contains(service);
    }
}
