package dev.yocto.engine.it;

import dev.yocto.testkit.AwsEmulator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.TagResourceType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

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

    /** Count of every tagged resource kind of the dns and data layers. */
    Map<String, Integer> counts() {
        return Map.of("zone", zones().size(), "certificate", certificates(acmRegional).size()
                + certificates(acmUsEast1).size());
    }

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
