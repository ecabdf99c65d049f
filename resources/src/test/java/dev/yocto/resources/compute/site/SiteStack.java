package dev.yocto.resources.compute.site;

import dev.yocto.resources.api.AwsClients;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Emulation;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.compute.Runs;
import dev.yocto.resources.data.buckets.BucketKind;
import dev.yocto.resources.data.buckets.BucketPolicyKind;
import dev.yocto.resources.data.cdn.DistributionKind;
import dev.yocto.resources.data.cdn.ResponseHeadersPolicyKind;
import dev.yocto.resources.data.secrets.SecretKind;
import dev.yocto.resources.data.cdn.OriginAccessControlKind;
import dev.yocto.resources.dns.CertificateKind;
import dev.yocto.resources.topology.ComputeLayer;
import dev.yocto.resources.topology.DataLayer;
import dev.yocto.resources.topology.DnsLayer;
import dev.yocto.testkit.AwsEmulator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The frontend's resources of one stack on the emulator, as the topology wires them (with the
 * origin-header secret and a headers policy), the certificate standing in as a resolved dependency
 * (the dns layer is tested on its own).
 */
final class SiteStack {

    static final String DOMAIN = "example.infracourse.cloud";
    static final String SITE_DOMAIN = "yoctogram." + DOMAIN;
    static final String API_DOMAIN = "api." + SITE_DOMAIN;
    static final String CERTIFICATE_ARN = "arn:aws:acm:us-east-1:123456789012:certificate/"
            + "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";

    final String stack;
    final AwsEmulator emulator;
    final List<String> reports = new CopyOnWriteArrayList<>();
    final AwsClients aws;

    final Desired<OriginAccessControlKind.Settings> originAccessControl = Desired.of(DataLayer.ORIGIN_ACCESS_CONTROL,
            OriginAccessControlKind.KIND, new OriginAccessControlKind.Settings());
    final Desired<BucketKind.Settings> bucket = SiteBucket.bucket(ComputeLayer.SITE_BUCKET);
    /** The site's headers policy; the image CDNs it names are not part of this stack, so it has the images' headers. */
    final Desired<ResponseHeadersPolicyKind.Settings> headers = Desired.of(ComputeLayer.SITE_HEADERS,
            ResponseHeadersPolicyKind.KIND, ResponseHeadersPolicyKind.Settings.images());
    final Desired<?> originSecret;
    final Desired<DistributionKind.Settings> distribution = Desired.of(ComputeLayer.SITE_DISTRIBUTION,
            DistributionKind.KIND, new SiteDistribution(SITE_DOMAIN, API_DOMAIN,
                    BucketKind.REGIONAL_DOMAIN_NAME.of(ComputeLayer.SITE_BUCKET),
                    OriginAccessControlKind.CONTROL_ID.of(DataLayer.ORIGIN_ACCESS_CONTROL),
                    CertificateKind.ARN.of(DnsLayer.CERTIFICATE_CLOUDFRONT),
                    ResponseHeadersPolicyKind.POLICY_ID.of(ComputeLayer.SITE_HEADERS),
                    SecretKind.ARN.of(ComputeLayer.ORIGIN_SECRET), Optional.empty()));
    final Desired<BucketPolicyKind.Settings> policy = SiteBucket.policy(
            ComputeLayer.SITE_BUCKET_POLICY, ComputeLayer.SITE_BUCKET, ComputeLayer.SITE_DISTRIBUTION);

    Live bucketLive;
    Live originAccessControlLive;
    Live distributionLive;
    Live headersLive;
    Live originSecretLive;

    SiteStack(AwsEmulator emulator, String stack) {
        this.emulator = emulator;
        this.stack = stack;
        this.aws = new AwsClients(emulator.region(), Optional.of(emulator.endpoint()), emulator.credentials(),
                List.of());
        this.originSecret = Runs.compute(stack, ComputeLayer.ORIGIN_SECRET);
    }

    /** Creates (or finds) the bucket, the origin access control and the distribution. */
    SiteStack converge() {
        Context context = context();
        bucketLive = Runs.converge(context, bucket, Optional.empty());
        originAccessControlLive = Runs.converge(context, originAccessControl, Optional.empty());
        headersLive = Runs.converge(context, headers, Optional.empty());
        originSecretLive = Runs.converge(context, originSecret, Optional.empty());
        distributionLive = Runs.converge(context, distribution, Optional.empty());
        return this;
    }

    /** A new run on the plain clients, with the site's dependencies resolved as they are now. */
    Context context() {
        return context(aws, Emulation.EMULATOR);
    }

    /** A new run whose calls go through {@code log}. */
    Context context(CallLog log) {
        return context(new AwsClients(emulator.region(), Optional.of(emulator.endpoint()), emulator.credentials(),
                List.of(log)), Emulation.EMULATOR);
    }

    Context context(AwsClients clients, Emulation emulation) {
        Context context = new Context(stack, emulator.region().id(), clients, emulation,
                (address, message) -> reports.add(address + ": " + message));
        context.resolve(DnsLayer.CERTIFICATE_CLOUDFRONT, Live.of(CERTIFICATE_ARN, Map.of("arn", CERTIFICATE_ARN),
                Map.of()));
        if (bucketLive != null) {
            context.resolve(ComputeLayer.SITE_BUCKET, bucketLive);
        }
        if (originAccessControlLive != null) {
            context.resolve(DataLayer.ORIGIN_ACCESS_CONTROL, originAccessControlLive);
        }
        if (headersLive != null) {
            context.resolve(ComputeLayer.SITE_HEADERS, headersLive);
        }
        if (originSecretLive != null) {
            context.resolve(ComputeLayer.ORIGIN_SECRET, originSecretLive);
        }
        if (distributionLive != null) {
            context.resolve(ComputeLayer.SITE_DISTRIBUTION, distributionLive);
        }
        return context;
    }
}
