package dev.yocto.resources.compute.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Discovered;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Tags;
import dev.yocto.resources.compute.Runs;
import dev.yocto.resources.config.ConfigLoader;
import dev.yocto.resources.config.StackConfig;
import dev.yocto.resources.data.cdn.DistributionKind;
import dev.yocto.resources.topology.ComputeLayer;
import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import dev.yocto.testkit.NotOnLocalStack;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.wafv2.Wafv2Client;
import software.amazon.awssdk.services.wafv2.model.GetWebAclResponse;
import software.amazon.awssdk.services.wafv2.model.Rule;
import software.amazon.awssdk.services.wafv2.model.Scope;

/** The optional web ACL of the site distribution, on the emulator (moto has WAFv2). */
@ExtendWith(EmulatorExtension.class)
@NotOnLocalStack("the site layer needs CloudFront, which answers 501 on LocalStack's community runtime")
class WebAclKindTest {

    private static final String STACK = "wafttest";

    private final AwsEmulator emulator;
    private final Runs runs;
    private final Wafv2Client waf;
    private final StackConfig config = ConfigLoader.parse("test", """
            stack: wafttest
            waf: {enabled: true, rateLimit: 500}
            """, Optional.empty(), "us-west-2");
    @SuppressWarnings("unchecked")
    private final Desired<WebAclKind.Settings> acl = (Desired<WebAclKind.Settings>) Runs.compute(config,
            ComputeLayer.SITE_WEB_ACL);

    WebAclKindTest(AwsEmulator emulator) {
        this.emulator = emulator;
        runs = new Runs(emulator, STACK);
        waf = runs.aws().wafv2();
    }

    @AfterEach
    void deleteWebAcls() {
        Context context = runs.context();
        for (Discovered found : WebAclKind.KIND.discover(context)) {
            WebAclKind.KIND.delete(context, found.address(), Live.of(found.physicalId(), Map.of(), Map.of()));
        }
    }

    private GetWebAclResponse read(Live live) {
        return waf.getWebACL(r -> r.scope(Scope.CLOUDFRONT).name(live.attribute("name")).id(live.attribute("id")));
    }

    @Test
    void create_allowsEverything_butBlocksAnAddressOverTheRateLimit_forCloudFront_tagged() {
        Live live = Runs.converge(runs.context(), acl, Optional.empty());

        GetWebAclResponse read = read(live);
        assertThat(read.webACL().name()).isEqualTo("wafttest-compute-site-web-acl");
        assertThat(live.physicalId()).isEqualTo(read.webACL().arn()).contains(":global/webacl/");
        assertThat(read.webACL().defaultAction().allow()).as("default action").isNotNull();
        assertThat(read.webACL().rules()).singleElement().satisfies((Rule rule) -> {
            assertThat(rule.statement().rateBasedStatement().limit()).isEqualTo(500L);
            assertThat(rule.statement().rateBasedStatement().aggregateKeyTypeAsString()).isEqualTo("IP");
            assertThat(rule.action().block()).as("over the limit: blocked").isNotNull();
        });
        Map<String, String> tags = waf.listTagsForResource(r -> r.resourceARN(live.physicalId())).tagInfoForResource()
                .tagList().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value()));
        assertThat(tags).containsEntry(Tags.STACK, STACK).containsEntry(Tags.RESOURCE, "compute/site/web-acl");
    }

    @Test
    void secondRun_findsItWithAndWithoutState_andSeesNoDifference() {
        Live first = Runs.converge(runs.context(), acl, Optional.empty());

        Context second = runs.context();
        Live byName = Runs.observe(second, acl, Optional.empty()).orElseThrow();
        assertThat(byName.physicalId()).isEqualTo(first.physicalId());
        assertThat(Runs.diff(second, acl, byName)).isEmpty();
        assertThat(Runs.diff(second, acl, Runs.observe(second, acl, Optional.of(first.physicalId())).orElseThrow()))
                .isEmpty();
    }

    @Test
    void aLimitChangedByHand_isADifference_andOneConvergeRestoresIt() {
        Live live = Runs.converge(runs.context(), acl, Optional.empty());
        GetWebAclResponse current = read(live);
        waf.updateWebACL(r -> r.scope(Scope.CLOUDFRONT).name(current.webACL().name()).id(current.webACL().id())
                .lockToken(current.lockToken()).defaultAction(current.webACL().defaultAction())
                .visibilityConfig(current.webACL().visibilityConfig())
                .rules(current.webACL().rules().get(0).toBuilder().statement(s -> s.rateBasedStatement(b -> b
                        .limit(100_000L).aggregateKeyType("IP"))).build()));

        Context context = runs.context();
        Live drifted = Runs.observe(context, acl, Optional.of(live.physicalId())).orElseThrow();
        List<Difference> differences = Runs.diff(context, acl, drifted);
        assertThat(differences).extracting(Difference::field).containsExactly("rules");
        assertThat(differences.get(0).live()).contains("rate100000/IP");

        Runs.converge(context, acl, Optional.of(live.physicalId()));
        assertThat(read(live).webACL().rules().get(0).statement().rateBasedStatement().limit()).isEqualTo(500L);
    }

    @Test
    void delete_removesIt_andDiscoverNoLongerFindsIt() {
        Live live = Runs.converge(runs.context(), acl, Optional.empty());
        assertThat(WebAclKind.KIND.discover(runs.context())).extracting(Discovered::physicalId)
                .containsExactly(live.physicalId());

        Runs.delete(runs.context(), acl, live);

        assertThat(Runs.observe(runs.context(), acl, Optional.of(live.physicalId()))).isEmpty();
        assertThat(WebAclKind.KIND.discover(runs.context())).isEmpty();
    }

    @Test
    void theSiteDistribution_namesTheWebAclInWebAclId_onceEnabled_andSeesNoDifferenceAfter() {
        SiteStack site = new SiteStack(emulator, "wafsite").converge();
        Live aclLive = Runs.converge(runs.context(), acl, Optional.empty());
        SiteDistribution without = (SiteDistribution) site.distribution.settings();
        Desired<DistributionKind.Settings> with = Desired.of(ComputeLayer.SITE_DISTRIBUTION, DistributionKind.KIND,
                new SiteDistribution(without.siteDomain(), without.apiDomain(), without.bucketDomain(),
                        without.originAccessControl(), without.certificateArn(), without.headersPolicy(),
                        without.originSecretArn(), Optional.of(WebAclKind.ARN.of(ComputeLayer.SITE_WEB_ACL))));
        String id = site.distributionLive.physicalId();
        try {
            Context context = site.context();
            context.resolve(ComputeLayer.SITE_WEB_ACL, aclLive);
            Live live = Runs.observe(context, with, Optional.of(id)).orElseThrow();
            List<Difference> differences = Runs.diff(context, with, live);
            assertThat(differences).extracting(Difference::field).containsExactly("webAcl");
            assertThat(differences.get(0).live()).isEqualTo("none");

            Runs.update(context, with, live, differences);

            assertThat(site.aws.cloudFront().getDistributionConfig(r -> r.id(id)).distributionConfig().webACLId())
                    .isEqualTo(aclLive.physicalId());
            Context after = site.context();
            after.resolve(ComputeLayer.SITE_WEB_ACL, aclLive);
            assertThat(Runs.diff(after, with, Runs.observe(after, with, Optional.of(id)).orElseThrow())).isEmpty();
        } finally {
            Runs.delete(site.context(), site.distribution, site.distributionLive);
        }
    }

    @Test
    void topology_theWebAclExistsOnlyWhenEnabled_andTheSiteDistributionNamesIt() {
        SiteDistribution on = (SiteDistribution) Runs.compute(config, ComputeLayer.SITE_DISTRIBUTION).settings();
        assertThat(on.webAcl()).hasValueSatisfying(ref -> assertThat(ref.producer()).isEqualTo(ComputeLayer.SITE_WEB_ACL));
        assertThat(((WebAclKind.Settings) acl.settings()).rateLimit()).isEqualTo(500);

        StackConfig off = ConfigLoader.parse("test", "stack: wafttest", Optional.empty(), "us-west-2");
        assertThat(ComputeLayer.resources(off, Map.of()).stream().map(Desired::address))
                .doesNotContain(ComputeLayer.SITE_WEB_ACL);
        assertThat(((SiteDistribution) Runs.compute(off, ComputeLayer.SITE_DISTRIBUTION).settings()).webAcl()).isEmpty();
        assertThat(Runs.compute(off, ComputeLayer.SITE_DISTRIBUTION).kind()).isEqualTo(DistributionKind.KIND);
    }
}
