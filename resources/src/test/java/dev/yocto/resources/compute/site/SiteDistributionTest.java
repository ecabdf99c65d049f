package dev.yocto.resources.compute.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Emulation;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Tags;
import dev.yocto.resources.compute.Runs;
import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import dev.yocto.testkit.NotOnLocalStack;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.CacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.CustomErrorResponse;
import software.amazon.awssdk.services.cloudfront.model.DefaultCacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.Method;
import software.amazon.awssdk.services.cloudfront.model.NoSuchDistributionException;
import software.amazon.awssdk.services.cloudfront.model.Origin;
import software.amazon.awssdk.services.cloudfront.model.Tag;
import software.amazon.awssdk.services.cloudfront.model.ViewerProtocolPolicy;

@ExtendWith(EmulatorExtension.class)
@NotOnLocalStack("CloudFront answers 501 on LocalStack's community runtime")
class SiteDistributionTest {

    private static final String CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6";
    private static final String CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
    private static final String ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac";

    private final SiteStack site;
    private final CloudFrontClient cloudFront;

    SiteDistributionTest(AwsEmulator emulator, TestInfo test) {
        site = new SiteStack(emulator, "cdn" + Integer.toHexString(test.getDisplayName().hashCode() & 0xfffff));
        cloudFront = site.aws.cloudFront();
    }

    @Test
    void create_makesTheDistributionOfTheDesign_fieldByField() {
        site.converge();
        String id = site.distributionLive.physicalId();

        DistributionConfig config = cloudFront.getDistributionConfig(r -> r.id(id)).distributionConfig();

        assertThat(config.enabled()).isTrue();
        assertThat(config.callerReference()).startsWith(site.context().idempotencyToken(site.distribution.address()) + "-");
        assertThat(config.defaultRootObject()).isEqualTo("index.html");
        assertThat(config.aliases().items()).containsExactly(SiteStack.SITE_DOMAIN);
        assertThat(config.viewerCertificate().acmCertificateArn()).isEqualTo(SiteStack.CERTIFICATE_ARN);
        assertThat(config.viewerCertificate().cloudFrontDefaultCertificate()).isFalse();
        assertThat(config.viewerCertificate().sslSupportMethodAsString()).isEqualTo("sni-only");
        assertThat(config.viewerCertificate().minimumProtocolVersionAsString()).isEqualTo("TLSv1.2_2021");
        assertThat(config.isIPV6Enabled()).isTrue();
        assertThat(config.httpVersionAsString()).isEqualTo("http2and3");

        Map<String, Origin> origins = config.origins().items().stream().collect(Collectors.toMap(Origin::id, o -> o));
        assertThat(origins).containsOnlyKeys("site-bucket", "api");
        assertThat(origins.get("site-bucket").domainName())
                .isEqualTo(site.bucketLive.physicalId() + ".s3.us-west-2.amazonaws.com");
        var api = origins.get("api");
        assertThat(api.domainName()).isEqualTo(SiteStack.API_DOMAIN);
        assertThat(api.customOriginConfig().originProtocolPolicyAsString()).isEqualTo("https-only");
        assertThat(api.customOriginConfig().originSslProtocols().itemsAsStrings()).containsExactly("TLSv1.2");
        assertThat(api.customOriginConfig().httpsPort()).isEqualTo(443);
        String token = site.aws.secretsManager().getSecretValue(r -> r.secretId(site.originSecretLive.arn()))
                .secretString();
        assertThat(api.customHeaders().items()).as("the secret origin header the load balancer requires")
                .singleElement().satisfies(header -> {
                    assertThat(header.headerName()).isEqualTo("X-Origin-Verify");
                    assertThat(header.headerValue()).isEqualTo(token);
                });
        assertThat(origins.get("site-bucket").customHeaders().quantity()).as("the bucket gets no header").isZero();
        assertThat(site.distributionLive.observed().toString()).as("no secret in what is observed")
                .doesNotContain(token);
        String headersPolicy = site.headersLive.physicalId();

        DefaultCacheBehavior fallback = config.defaultCacheBehavior();
        assertThat(fallback.targetOriginId()).isEqualTo("site-bucket");
        assertThat(fallback.viewerProtocolPolicy()).isEqualTo(ViewerProtocolPolicy.REDIRECT_TO_HTTPS);
        assertThat(fallback.cachePolicyId()).isEqualTo(CACHING_OPTIMIZED);
        assertThat(fallback.compress()).isTrue();
        assertThat(fallback.responseHeadersPolicyId()).as("the site's security headers").isEqualTo(headersPolicy);
        assertThat(fallback.allowedMethods().items()).containsExactlyInAnyOrder(Method.GET, Method.HEAD);

        assertThat(config.cacheBehaviors().items()).singleElement().satisfies((CacheBehavior behavior) -> {
            assertThat(behavior.pathPattern()).isEqualTo("/api/*");
            assertThat(behavior.targetOriginId()).isEqualTo("api");
            assertThat(behavior.viewerProtocolPolicy()).isEqualTo(ViewerProtocolPolicy.HTTPS_ONLY);
            assertThat(behavior.cachePolicyId()).isEqualTo(CACHING_DISABLED);
            assertThat(behavior.originRequestPolicyId()).isEqualTo(ALL_VIEWER_EXCEPT_HOST_HEADER);
            assertThat(behavior.responseHeadersPolicyId()).isEqualTo(headersPolicy);
            assertThat(behavior.allowedMethods().items()).containsExactlyInAnyOrder(Method.GET, Method.HEAD,
                    Method.OPTIONS, Method.PUT, Method.POST, Method.PATCH, Method.DELETE);
            assertThat(behavior.allowedMethods().cachedMethods().items()).containsExactlyInAnyOrder(Method.GET,
                    Method.HEAD);
        });
        assertThat(config.customErrorResponses().items()).singleElement().satisfies((CustomErrorResponse error) -> {
            assertThat(error.errorCode()).isEqualTo(404);
            assertThat(error.responsePagePath()).isEqualTo("/index.html");
            assertThat(error.responseCode()).isEqualTo("200");
            assertThat(error.errorCachingMinTTL()).isEqualTo(10L);
        });
        assertThat(tags(site.distributionLive.arn())).containsEntry(Tags.STACK, site.stack)
                .containsEntry(Tags.RESOURCE, "compute/site/distribution");
        assertThat(site.distributionLive.attributes()).containsOnlyKeys("id", "arn", "domainName")
                .containsEntry("id", id);

        Context second = site.context();
        Live observed = Runs.observe(second, site.distribution, Optional.of(id)).orElseThrow();
        assertThat(Runs.diff(second, site.distribution, observed)).as("differences on a second run").isEmpty();
    }

    @Test
    void outOfBandChanges_areDifferences_andUpdateRestoresThem() {
        site.converge();
        String id = site.distributionLive.physicalId();
        var current = cloudFront.getDistributionConfig(r -> r.id(id));
        DistributionConfig config = current.distributionConfig();
        CacheBehavior api = config.cacheBehaviors().items().get(0).toBuilder().cachePolicyId(CACHING_OPTIMIZED).build();
        DistributionConfig loosened = config.toBuilder()
                .cacheBehaviors(c -> c.quantity(1).items(api))
                .customErrorResponses(e -> e.quantity(0).items(List.of()))
                .defaultRootObject("")
                .viewerCertificate(v -> v.cloudFrontDefaultCertificate(true))
                .aliases(a -> a.quantity(0).items(List.of()))
                .build();
        cloudFront.updateDistribution(r -> r.id(id).ifMatch(current.eTag()).distributionConfig(loosened));

        Context context = site.context();
        Live drifted = Runs.observe(context, site.distribution, Optional.of(id)).orElseThrow();
        List<Difference> differences = Runs.diff(context, site.distribution, drifted);
        assertThat(differences).extracting(Difference::field).containsExactlyInAnyOrder("behavior /api/*",
                "customErrorResponses", "defaultRootObject", "certificate", "aliases");
        assertThat(differences).filteredOn(d -> d.field().equals("behavior /api/*")).singleElement()
                .satisfies(d -> assertThat(d.live()).contains("cachePolicy=" + CACHING_OPTIMIZED));

        Runs.converge(site.context(), site.distribution, Optional.of(id));

        Context after = site.context();
        assertThat(Runs.diff(after, site.distribution, Runs.observe(after, site.distribution, Optional.of(id)).orElseThrow()))
                .isEmpty();
        assertThat(cloudFront.getDistributionConfig(r -> r.id(id)).distributionConfig().callerReference())
                .as("the update keeps the caller reference")
                .isEqualTo(config.callerReference());
    }

    /** Each create sends a new caller reference: a create whose answer was lost is found by its tags. */
    @Test
    void observe_withoutStateFindsItByTags() {
        site.converge();

        assertThat(Runs.observe(site.context(), site.distribution, Optional.empty())).get().extracting(Live::physicalId)
                .isEqualTo(site.distributionLive.physicalId());
    }

    @Test
    void desiredFields_onAws_compareTheOriginAccessControl_whichTheEmulatorDoesNotReport() {
        site.converge();

        Map<String, String> onAws = Runs.desiredFields(site.context(site.aws, Emulation.NONE), site.distribution);
        Map<String, String> onEmulator = Runs.desiredFields(site.context(), site.distribution);

        assertThat(onAws).containsEntry("origin site-bucket access",
                "oac=" + site.originAccessControlLive.physicalId() + " oai=");
        assertThat(onEmulator).doesNotContainKey("origin site-bucket access");
    }

    @Test
    void delete_disablesThenDeletes() {
        site.converge();
        String id = site.distributionLive.physicalId();

        Runs.delete(site.context(), site.distribution, site.distributionLive);

        assertThat(Runs.observe(site.context(), site.distribution, Optional.of(id))).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cloudFront.getDistribution(r -> r.id(id)))
                .isInstanceOf(NoSuchDistributionException.class);
        Runs.delete(site.context(), site.distribution, site.distributionLive);
    }

    private Map<String, String> tags(String arn) {
        return cloudFront.listTagsForResource(r -> r.resource(arn)).tags().items().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
    }
}
