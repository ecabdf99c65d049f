package dev.yocto.engine.it;

import dev.yocto.testkit.AwsEmulator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.Distribution;
import software.amazon.awssdk.services.cloudfront.model.DistributionSummary;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSubnetGroup;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.TagResourceType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;

/**
 * What the services of the dns and data layers report about a stack's resources, found by the
 * stack tag; the counterpart of {@link Ec2View}.
 */
final class StackView implements AutoCloseable {

    final Route53Client route53;
    final AcmClient acmRegional;
    final AcmClient acmUsEast1;
    final SecretsManagerClient secrets;
    final RdsClient rds;
    final S3Client s3;
    final CloudFrontClient cloudFront;
    private final String stack;

    StackView(AwsEmulator emulator, String stack) {
        this.stack = stack;
        this.route53 = Route53Client.builder().endpointOverride(emulator.endpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(emulator.credentials()).build();
        this.acmRegional = AcmClient.builder().endpointOverride(emulator.endpoint()).region(emulator.region())
                .credentialsProvider(emulator.credentials()).build();
        this.acmUsEast1 = AcmClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(emulator.credentials()).build();
        this.secrets = SecretsManagerClient.builder().endpointOverride(emulator.endpoint()).region(emulator.region())
                .credentialsProvider(emulator.credentials()).build();
        this.rds = RdsClient.builder().endpointOverride(emulator.endpoint()).region(emulator.region())
                .credentialsProvider(emulator.credentials()).build();
        this.s3 = S3Client.builder().endpointOverride(emulator.endpoint()).region(emulator.region()).forcePathStyle(true)
                .credentialsProvider(emulator.credentials()).build();
        this.cloudFront = CloudFrontClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(emulator.credentials()).build();
    }

    private boolean ours(Map<String, String> tags) {
        return stack.equals(tags.get("yocto:stack"));
    }

    static String zoneId(HostedZone zone) {
        return zone.id().substring(zone.id().lastIndexOf('/') + 1);
    }

    List<HostedZone> zones() {
        return route53.listHostedZones().hostedZones().stream().filter(zone -> ours(route53.listTagsForResource(r -> r
                .resourceType(TagResourceType.HOSTEDZONE).resourceId(zoneId(zone))).resourceTagSet().tags().stream()
                .collect(Collectors.toMap(t -> t.key(), t -> t.value())))).toList();
    }

    List<ResourceRecordSet> records(String zoneId) {
        return route53.listResourceRecordSets(r -> r.hostedZoneId(zoneId)).resourceRecordSets();
    }

    List<CertificateDetail> certificates(AcmClient acm) {
        return acm.listCertificates().certificateSummaryList().stream()
                .filter(c -> ours(acm.listTagsForCertificate(r -> r.certificateArn(c.certificateArn())).tags().stream()
                        .collect(Collectors.toMap(t -> t.key(), t -> t.value()))))
                .map(c -> acm.describeCertificate(r -> r.certificateArn(c.certificateArn())).certificate()).toList();
    }

    List<SecretListEntry> secrets() {
        return secrets.listSecrets(r -> r.includePlannedDeletion(true)).secretList().stream()
                .filter(secret -> ours(secret.tags().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value()))))
                .toList();
    }

    Map<String, SecretListEntry> secretsByResource() {
        return secrets().stream().collect(Collectors.toMap(secret -> secret.tags().stream()
                .filter(t -> t.key().equals("yocto:resource")).findFirst().orElseThrow().value(), secret -> secret));
    }

    List<DBCluster> clusters() {
        return rds.describeDBClusters().dbClusters().stream()
                .filter(c -> ours(c.tagList().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value()))))
                .toList();
    }

    List<DBInstance> instances() {
        return rds.describeDBInstances().dbInstances().stream()
                .filter(i -> ours(i.tagList().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value()))))
                .toList();
    }

    List<DBSubnetGroup> subnetGroups() {
        return rds.describeDBSubnetGroups().dbSubnetGroups().stream()
                .filter(g -> ours(rds.listTagsForResource(r -> r.resourceName(g.dbSubnetGroupArn())).tagList().stream()
                        .collect(Collectors.toMap(t -> t.key(), t -> t.value()))))
                .toList();
    }

    /** Manual snapshots (final snapshots are manual ones; automated backups go with their cluster). */
    List<DBClusterSnapshot> snapshots() {
        return rds.describeDBClusterSnapshots(r -> r.snapshotType("manual")).dbClusterSnapshots().stream()
                .filter(s -> s.dbClusterIdentifier().startsWith(stack + "-")).toList();
    }

    /** The stack's buckets by their yocto:resource tag. */
    Map<String, String> buckets() {
        Map<String, String> buckets = new java.util.TreeMap<>();
        for (Bucket bucket : s3.listBuckets().buckets()) {
            try {
                Map<String, String> tags = s3.getBucketTagging(r -> r.bucket(bucket.name())).tagSet().stream()
                        .collect(Collectors.toMap(t -> t.key(), t -> t.value()));
                if (ours(tags)) {
                    buckets.put(tags.get("yocto:resource"), bucket.name());
                }
            } catch (S3Exception e) {
                // untagged: not ours
            }
        }
        return buckets;
    }

    /** The stack's distributions by their yocto:resource tag. */
    Map<String, Distribution> distributions() {
        Map<String, Distribution> distributions = new java.util.TreeMap<>();
        var list = cloudFront.listDistributions().distributionList();
        if (list == null || list.items() == null) {
            return distributions;
        }
        for (DistributionSummary summary : list.items()) {
            Map<String, String> tags = cloudFront.listTagsForResource(r -> r.resource(summary.arn())).tags().items()
                    .stream().collect(Collectors.toMap(t -> t.key(), t -> t.value()));
            if (ours(tags)) {
                distributions.put(tags.get("yocto:resource"),
                        cloudFront.getDistribution(r -> r.id(summary.id())).distribution());
            }
        }
        return distributions;
    }

    /** Count of every tagged resource kind of the dns and data layers, and of the final snapshots. */
    Map<String, Integer> counts() {
        return Map.of("zone", zones().size(), "certificate", certificates(acmRegional).size()
                + certificates(acmUsEast1).size(), "secret", secrets().size(), "db-cluster", clusters().size(),
                "db-instance", instances().size(), "db-subnet-group", subnetGroups().size(), "bucket",
                buckets().size(), "distribution", distributions().size(), "snapshot", snapshots().size());
    }

    static final Map<String, Integer> FULL = Map.of("zone", 1, "certificate", 2, "secret", 3, "db-cluster", 1,
            "db-instance", 1, "db-subnet-group", 1, "bucket", 2, "distribution", 2, "snapshot", 0);

    static final Map<String, Integer> NOTHING = Map.of("zone", 0, "certificate", 0, "secret", 0, "db-cluster", 0,
            "db-instance", 0, "db-subnet-group", 0, "bucket", 0, "distribution", 0, "snapshot", 0);

    @Override
    public void close() {
        route53.close();
        acmRegional.close();
        acmUsEast1.close();
        secrets.close();
        rds.close();
        s3.close();
        cloudFront.close();
    }
}
