package dev.yocto.resources.compute.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.compute.Runs;
import dev.yocto.resources.dns.HostedZoneKind;
import dev.yocto.resources.dns.ZoneRecords;
import dev.yocto.resources.topology.ComputeLayer;
import dev.yocto.resources.topology.DnsLayer;
import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import dev.yocto.testkit.LocalStackSuite;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * The site and API alias records on the emulator, with the distribution and the load balancer
 * standing in as resolved dependencies (their own tests make them).
 */
@ExtendWith(EmulatorExtension.class)
@LocalStackSuite
class AliasRecordsKindTest {

    private static final String SITE = "yoctogram.example.infracourse.cloud";
    private static final String API = "api." + SITE;
    private static final String DISTRIBUTION_DOMAIN = "d1a2b3c4d5e6f7.cloudfront.net";
    private static final String ALB_DNS = "aliastest-alb-1234567890.us-west-2.elb.amazonaws.com";
    private static final String ALB_ZONE = "Z1H1FL5HABSF5";

    private final Runs runs;
    private final Route53Client route53;
    private final Desired<HostedZoneKind.Settings> zone = Desired.of(DnsLayer.ZONE, HostedZoneKind.KIND,
            new HostedZoneKind.Settings("example.infracourse.cloud"));
    private final Desired<?> siteRecords = Runs.compute("aliastest", ComputeLayer.SITE_RECORDS);
    private final Desired<?> apiRecords = Runs.compute("aliastest", ComputeLayer.API_RECORDS);
    private Live zoneLive;

    AliasRecordsKindTest(AwsEmulator emulator, TestInfo test) {
        runs = new Runs(emulator, "alias" + Integer.toHexString(test.getDisplayName().hashCode() & 0xfffff));
        route53 = runs.aws().route53();
    }

    @Test
    void converge_pointsTheSiteAtTheDistribution_andTheApiAtTheLoadBalancer() {
        Context context = context(ALB_DNS);

        Live site = Runs.converge(context, siteRecords, Optional.empty());
        Live api = Runs.converge(context, apiRecords, Optional.empty());

        for (RRType type : List.of(RRType.A, RRType.AAAA)) {
            ResourceRecordSet set = ZoneRecords.find(route53, zoneId(), SITE, type).orElseThrow();
            assertThat(ZoneRecords.bare(set.aliasTarget().dnsName())).isEqualTo(DISTRIBUTION_DOMAIN);
            assertThat(set.aliasTarget().hostedZoneId()).isEqualTo("Z2FDTNDATAQYW2");
            assertThat(set.aliasTarget().evaluateTargetHealth()).isFalse();
        }
        ResourceRecordSet apiSet = ZoneRecords.find(route53, zoneId(), API, RRType.A).orElseThrow();
        assertThat(ZoneRecords.bare(apiSet.aliasTarget().dnsName())).isEqualTo(ALB_DNS);
        assertThat(apiSet.aliasTarget().hostedZoneId()).isEqualTo(ALB_ZONE);
        assertThat(apiSet.aliasTarget().evaluateTargetHealth()).isFalse();
        assertThat(ZoneRecords.find(route53, zoneId(), API, RRType.AAAA)).as("the load balancer has no IPv6").isEmpty();
        assertThat(site.physicalId()).isEqualTo(zoneId() + "/" + SITE);
        assertThat(api.attributes()).containsEntry("name", API).containsEntry("zoneId", zoneId());

        Context second = context(ALB_DNS);
        for (Desired<?> records : List.of(siteRecords, apiRecords)) {
            Live observed = Runs.observe(second, records, Optional.empty()).orElseThrow();
            assertThat(Runs.diff(second, records, observed)).as(records.address() + " on a second run").isEmpty();
        }
    }

    @Test
    void aNewLoadBalancer_isADifference_andUpdatePointsTheApiAtIt() {
        Live api = Runs.converge(context(ALB_DNS), apiRecords, Optional.empty());
        String newDns = "aliastest-alb-0987654321.us-west-2.elb.amazonaws.com";

        Context context = context(newDns);
        Live observed = Runs.observe(context, apiRecords, Optional.of(api.physicalId())).orElseThrow();
        List<Difference> differences = Runs.diff(context, apiRecords, observed);
        assertThat(differences).extracting(Difference::field).containsExactly("A");
        assertThat(differences.get(0).live()).contains(ALB_DNS);
        Runs.update(context, apiRecords, observed, differences);

        assertThat(ZoneRecords.bare(ZoneRecords.find(route53, zoneId(), API, RRType.A).orElseThrow().aliasTarget()
                .dnsName())).isEqualTo(newDns);
    }

    @Test
    void aMissingAaaaRecord_isADifference() {
        Runs.converge(context(ALB_DNS), siteRecords, Optional.empty());
        ResourceRecordSet aaaa = ZoneRecords.find(route53, zoneId(), SITE, RRType.AAAA).orElseThrow();
        ZoneRecords.delete(route53, zoneId(), List.of(aaaa));

        Context context = context(ALB_DNS);
        Live observed = Runs.observe(context, siteRecords, Optional.empty()).orElseThrow();

        assertThat(Runs.diff(context, siteRecords, observed)).extracting(Difference::field).containsExactly("AAAA");
    }

    @Test
    void delete_removesExactlyItsRecords_evenWithNothingResolved() {
        Context context = context(ALB_DNS);
        Live site = Runs.converge(context, siteRecords, Optional.empty());
        Live api = Runs.converge(context, apiRecords, Optional.empty());
        int before = ZoneRecords.all(route53, zoneId()).size();

        Context teardown = runs.context();
        Runs.delete(teardown, siteRecords, Runs.observe(teardown, siteRecords, Optional.of(site.physicalId())).orElseThrow());

        assertThat(ZoneRecords.all(route53, zoneId())).hasSize(before - 2)
                .noneMatch(set -> ZoneRecords.bare(set.name()).equals(SITE));
        assertThat(ZoneRecords.find(route53, zoneId(), API, RRType.A)).isPresent();
        assertThat(Runs.observe(runs.context(), siteRecords, Optional.of(site.physicalId()))).isEmpty();
        Runs.delete(runs.context(), siteRecords, site);
        Runs.delete(runs.context(), apiRecords, api);
        assertThat(ZoneRecords.all(route53, zoneId())).extracting(ResourceRecordSet::typeAsString)
                .containsExactlyInAnyOrder("NS", "SOA");
    }

    /** A run with the zone, the distribution and a load balancer of this DNS name resolved. */
    private Context context(String loadBalancerDns) {
        Context context = runs.context();
        zoneLive = Runs.converge(context, zone, Optional.ofNullable(zoneLive).map(Live::physicalId));
        context.resolve(ComputeLayer.SITE_DISTRIBUTION, Live.of("E1SITE", Map.of("id", "E1SITE", "arn",
                "arn:aws:cloudfront::123456789012:distribution/E1SITE", "domainName", DISTRIBUTION_DOMAIN), Map.of()));
        context.resolve(ComputeLayer.LOAD_BALANCER, Live.of("arn:aws:elasticloadbalancing:us-west-2:123456789012:"
                + "loadbalancer/app/aliastest-alb/50dc6c495c0c9188", Map.of("dnsName", loadBalancerDns,
                "canonicalHostedZoneId", ALB_ZONE), Map.of()));
        return context;
    }

    private String zoneId() {
        return zoneLive.physicalId();
    }
}
