package dev.yocto.resources.compute.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.ResourceException;
import dev.yocto.resources.api.Tags;
import dev.yocto.resources.compute.Runs;
import dev.yocto.resources.topology.NetworkLayer.Tier;
import dev.yocto.resources.topology.ComputeLayer;
import dev.yocto.resources.topology.NetworkLayer;
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
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.AvailabilityZone;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RedirectActionStatusCodeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;

@ExtendWith(EmulatorExtension.class)
@NotOnLocalStack("ELBv2 answers 501 on LocalStack's community runtime")
class LoadBalancingTest {

    private static final String STACK = "lbtest";
    private final AwsEmulator emulator;
    private final ElbFixture fixture;
    private final ElasticLoadBalancingV2Client elb;

    LoadBalancingTest(AwsEmulator emulator) {
        this.emulator = emulator;
        fixture = new ElbFixture(emulator, STACK);
        elb = fixture.aws().elbv2();
    }

    @AfterEach
    void deleteLoadBalancing() {
        Context context = fixture.context();
        List<Desired<?>> reversed = reversed(fixture.loadBalancing());
        for (Desired<?> resource : reversed) {
            Runs.observe(context, resource, Optional.empty()).ifPresent(live -> Runs.delete(context, resource, live));
        }
    }

    @Test
    void provision_makesAnInternetFacingAlbInThePublicSubnets_withTheAlbGroup_taggedWithTheStack() {
        Context context = fixture.withLoadBalancing();
        Live live = context.dependency(ComputeLayer.LOAD_BALANCER);

        LoadBalancer lb = elb.describeLoadBalancers(r -> r.names(STACK)).loadBalancers().get(0);
        assertThat(lb.schemeAsString()).as("scheme").isEqualTo("internet-facing");
        assertThat(lb.typeAsString()).as("type").isEqualTo("application");
        assertThat(lb.ipAddressTypeAsString()).as("IP address type").isEqualTo("ipv4");
        assertThat(lb.state().codeAsString()).as("state").isEqualTo("active");
        assertThat(elb.describeLoadBalancerAttributes(r -> r.loadBalancerArn(lb.loadBalancerArn())).attributes())
                .as("attributes").contains(LoadBalancerAttribute.builder()
                        .key("routing.http.drop_invalid_header_fields.enabled").value("true").build());
        assertThat(lb.availabilityZones()).extracting(AvailabilityZone::subnetId).as("subnets")
                .containsExactlyInAnyOrder(id(context, NetworkLayer.subnet(Tier.PUBLIC, 0)),
                        id(context, NetworkLayer.subnet(Tier.PUBLIC, 1)));
        assertThat(lb.securityGroups()).as("security groups").containsExactly(id(context, NetworkLayer.SG_ALB));
        assertThat(tags(lb.loadBalancerArn())).containsEntry(Tags.STACK, STACK)
                .containsEntry(Tags.RESOURCE, "compute/lb/load-balancer");
        assertThat(live.attributes()).containsEntry("arn", lb.loadBalancerArn()).containsEntry("dnsName", lb.dnsName())
                .containsEntry("canonicalHostedZoneId", lb.canonicalHostedZoneId());
    }

    @Test
    void provision_makesAnIpTargetGroup_healthCheckedOnTheHealthEndpoint_with30sDeregistration() {
        Context context = fixture.withLoadBalancing();

        TargetGroup group = elb.describeTargetGroups(r -> r.names(STACK + "-app")).targetGroups().get(0);
        assertThat(group.protocolAsString()).isEqualTo("HTTP");
        assertThat(group.port()).isEqualTo(80);
        assertThat(group.targetTypeAsString()).as("target type").isEqualTo("ip");
        assertThat(group.vpcId()).isEqualTo(context.dependency(dev.yocto.resources.topology.NetworkLayer.VPC)
                .physicalId());
        assertThat(group.healthCheckProtocolAsString()).isEqualTo("HTTP");
        assertThat(group.healthCheckPath()).as("health check path").isEqualTo("/api/v1/health/");
        assertThat(group.matcher().httpCode()).as("matcher").isEqualTo("200");
        assertThat(group.healthCheckIntervalSeconds()).isEqualTo(15);
        assertThat(group.healthyThresholdCount()).isEqualTo(2);
        assertThat(attributes(group.targetGroupArn())).as("attributes")
                .containsEntry("deregistration_delay.timeout_seconds", "30");
        assertThat(context.dependency(ComputeLayer.TARGET_GROUP).attribute("arn")).isEqualTo(group.targetGroupArn());
    }

    @Test
    void provision_httpsListenerTerminatesTls12Plus_httpListenerRedirectsWith301() {
        Context context = fixture.withLoadBalancing();
        String lbArn = context.dependency(ComputeLayer.LOAD_BALANCER).physicalId();
        Map<Integer, Listener> listeners = elb.describeListeners(r -> r.loadBalancerArn(lbArn)).listeners().stream()
                .collect(Collectors.toMap(Listener::port, l -> l));
        assertThat(listeners).containsOnlyKeys(443, 80);

        Listener https = listeners.get(443);
        assertThat(https.protocolAsString()).isEqualTo("HTTPS");
        assertThat(https.certificates()).extracting(c -> c.certificateArn()).as("certificate")
                .containsExactly(fixture.certificateArn());
        assertThat(https.sslPolicy()).as("SSL policy").isEqualTo("ELBSecurityPolicy-TLS13-1-2-2021-06");
        Action deny = https.defaultActions().get(0);
        assertThat(deny.typeAsString()).as("what carries no origin header gets").isEqualTo("fixed-response");
        assertThat(deny.fixedResponseConfig().statusCode()).isEqualTo("403");
        assertThat(tags(https.listenerArn())).containsEntry(Tags.RESOURCE, "compute/lb/listener/https");

        Listener http = listeners.get(80);
        assertThat(http.protocolAsString()).isEqualTo("HTTP");
        Action redirect = http.defaultActions().get(0);
        assertThat(redirect.typeAsString()).isEqualTo("redirect");
        assertThat(redirect.redirectConfig().protocol()).isEqualTo("HTTPS");
        assertThat(redirect.redirectConfig().port()).isEqualTo("443");
        assertThat(redirect.redirectConfig().statusCode()).isEqualTo(RedirectActionStatusCodeEnum.HTTP_301);
        assertThat(redirect.redirectConfig().host()).isEqualTo("#{host}");
        assertThat(redirect.redirectConfig().path()).isEqualTo("/#{path}");
        assertThat(redirect.redirectConfig().query()).isEqualTo("#{query}");
        assertThat(context.dependency(ComputeLayer.LISTENER_HTTPS).attribute("arn")).isEqualTo(https.listenerArn());
    }

    @Test
    void provision_forwardsOnlyRequestsCarryingTheSecretOriginHeader_whoseValueIsInSecretsManagerOnly() {
        Context context = fixture.withLoadBalancing();
        String httpsArn = context.dependency(ComputeLayer.LISTENER_HTTPS).physicalId();
        String secret = fixture.aws().secretsManager().getSecretValue(r -> r.secretId(
                context.dependency(ComputeLayer.ORIGIN_SECRET).attribute("arn"))).secretString();
        assertThat(secret).as("a random token").hasSize(64).matches("[A-Za-z0-9]+");

        List<Rule> rules = elb.describeRules(r -> r.listenerArn(httpsArn)).rules().stream()
                .filter(rule -> !Boolean.TRUE.equals(rule.isDefault())).toList();
        assertThat(rules).singleElement().satisfies(rule -> {
            assertThat(rule.priority()).isEqualTo("1");
            assertThat(rule.conditions()).singleElement().satisfies(condition -> {
                assertThat(condition.field()).isEqualTo("http-header");
                assertThat(condition.httpHeaderConfig().httpHeaderName()).isEqualTo("X-Origin-Verify");
                assertThat(condition.httpHeaderConfig().values()).containsExactly(secret);
            });
            assertThat(rule.actions()).singleElement().satisfies(action -> {
                assertThat(action.typeAsString()).isEqualTo("forward");
                assertThat(action.targetGroupArn()).isEqualTo(context.dependency(ComputeLayer.TARGET_GROUP)
                        .attribute("arn"));
            });
            assertThat(tags(rule.ruleArn())).containsEntry(Tags.RESOURCE, "compute/lb/listener/https/origin-rule");
        });
        Live live = context.dependency(ComputeLayer.ORIGIN_RULE);
        assertThat(live.observed().toString() + live.attributes()).as("the value is in no observed field or attribute")
                .doesNotContain(secret);
        assertThat(fixture.reports.toString()).doesNotContain(secret);
    }

    @Test
    void aRuleWhoseHeaderValueWasChangedByHand_isADifferenceShownAsDigests_andOneConvergeRestoresIt() {
        Context context = fixture.withLoadBalancing();
        String ruleArn = context.dependency(ComputeLayer.ORIGIN_RULE).physicalId();
        elb.modifyRule(r -> r.ruleArn(ruleArn).conditions(RuleCondition.builder().field("http-header")
                .httpHeaderConfig(h -> h.httpHeaderName("X-Origin-Verify").values("guessed")).build()));

        Context drifted = fixture.withNetwork();
        for (Desired<?> resource : fixture.loadBalancing()) {
            drifted.resolve(resource.address(), Runs.observe(drifted, resource, Optional.empty()).orElseThrow());
        }
        Live live = drifted.dependency(ComputeLayer.ORIGIN_RULE);
        var differences = Runs.diff(drifted, fixture.originRule(), live);
        assertThat(differences).extracting(d -> d.field()).containsExactly("conditions");
        assertThat(differences.get(0).live()).isEqualTo("http-header:X-Origin-Verify=sha256:"
                + dev.yocto.resources.compute.OriginHeader.digest("guessed").substring("sha256:".length()));
        assertThat(differences.get(0).desired()).startsWith("http-header:X-Origin-Verify=sha256:");

        Runs.converge(drifted, fixture.originRule(), Optional.of(ruleArn));
        Context after = fixture.withNetwork();
        for (Desired<?> resource : fixture.loadBalancing()) {
            Live again = Runs.observe(after, resource, Optional.empty()).orElseThrow();
            after.resolve(resource.address(), again);
            assertThat(Runs.diff(after, resource, again)).as(resource.address() + " after the update").isEmpty();
        }
    }

    @Test
    void secondRun_withAndWithoutState_findsEverything_noDifferences_noMutatingCalls() {
        Context first = fixture.withLoadBalancing();
        Context second = fixture.withNetwork();
        fixture.calls.clear();

        for (Desired<?> resource : fixture.loadBalancing()) {
            String id = first.dependency(resource.address()).physicalId();
            Live byState = Runs.observe(second, resource, Optional.of(id)).orElseThrow();
            Live byName = Runs.observe(second, resource, Optional.empty()).orElseThrow();
            assertThat(byName.physicalId()).as(resource.address() + " found without state").isEqualTo(id);
            second.resolve(resource.address(), byState);
            assertThat(Runs.diff(second, resource, byState)).as(resource.address() + " differences").isEmpty();
        }
        assertThat(fixture.calls.mutating()).as("mutating calls").isEmpty();
    }

    @Test
    void outOfBandChanges_areDifferences_andOneConvergeRestoresThem() {
        Context context = fixture.withLoadBalancing();
        String lbArn = context.dependency(ComputeLayer.LOAD_BALANCER).physicalId();
        String groupArn = context.dependency(ComputeLayer.TARGET_GROUP).physicalId();
        String httpsArn = context.dependency(ComputeLayer.LISTENER_HTTPS).physicalId();
        String httpArn = context.dependency(ComputeLayer.LISTENER_HTTP).physicalId();
        elb.setSecurityGroups(r -> r.loadBalancerArn(lbArn).securityGroups(id(context, NetworkLayer.SG_APP)));
        elb.modifyTargetGroup(r -> r.targetGroupArn(groupArn).healthCheckPath("/").matcher(m -> m.httpCode("200-399")));
        elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(groupArn).attributes(TargetGroupAttribute.builder()
                .key("deregistration_delay.timeout_seconds").value("300").build()));
        elb.modifyListener(r -> r.listenerArn(httpsArn).sslPolicy("ELBSecurityPolicy-2016-08"));
        elb.modifyListener(r -> r.listenerArn(httpArn).defaultActions(Action.builder().type("redirect")
                .redirectConfig(c -> c.protocol("HTTPS").port("443").host("#{host}").path("/#{path}")
                        .query("#{query}").statusCode(RedirectActionStatusCodeEnum.HTTP_302)).build()));
        elb.removeTags(r -> r.resourceArns(lbArn).tagKeys(Tags.RESOURCE));
        elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(lbArn).attributes(LoadBalancerAttribute.builder()
                .key("routing.http.drop_invalid_header_fields.enabled").value("false").build()));

        Context drifted = fixture.withNetwork();
        Map<String, List<String>> fields = new java.util.LinkedHashMap<>();
        for (Desired<?> resource : fixture.loadBalancing()) {
            Live live = Runs.observe(drifted, resource, Optional.empty()).orElseThrow();
            drifted.resolve(resource.address(), live);
            fields.put(resource.address().value(), Runs.diff(drifted, resource, live).stream().map(d -> d.field()).toList());
        }
        assertThat(fields.get("compute/lb/load-balancer")).containsExactlyInAnyOrder("securityGroups", "tags",
                "dropInvalidHeaderFields");
        assertThat(fields.get("compute/lb/target-group")).containsExactlyInAnyOrder("healthCheckPath", "matcher",
                "deregistrationDelay");
        assertThat(fields.get("compute/lb/listener/https")).containsExactly("sslPolicy");
        assertThat(fields.get("compute/lb/listener/http")).containsExactly("defaultAction");

        Context restore = fixture.withLoadBalancing();
        Context after = fixture.withNetwork();
        for (Desired<?> resource : fixture.loadBalancing()) {
            Live live = Runs.observe(after, resource, Optional.empty()).orElseThrow();
            after.resolve(resource.address(), live);
            assertThat(Runs.diff(after, resource, live)).as(resource.address() + " after the update").isEmpty();
        }
        assertThat(restore.dependency(ComputeLayer.LOAD_BALANCER).physicalId()).as("updated in place").isEqualTo(lbArn);
        assertThat(elb.describeListeners(r -> r.listenerArns(httpsArn)).listeners().get(0).sslPolicy())
                .isEqualTo("ELBSecurityPolicy-TLS13-1-2-2021-06");
    }

    @Test
    void aLoadBalancerWithTheStacksNameThatIsNotTheStacks_isAConflictNotAnAdoption() {
        Context context = fixture.withNetwork();
        String foreign = "lbtest-foreign";
        ElbFixture other = new ElbFixture(emulator, foreign);
        elb.createLoadBalancer(r -> r.name(foreign).subnets(id(context, NetworkLayer.subnet(Tier.PUBLIC, 0)),
                id(context, NetworkLayer.subnet(Tier.PUBLIC, 1))).tags(Tag.builder().key(Tags.STACK).value("someone-else")
                .build()));
        try {
            assertThatThrownBy(() -> Runs.observe(other.context(), other.loadBalancer(), Optional.empty()))
                    .isInstanceOf(ResourceException.class).hasMessageContaining("not tagged yocto:stack=" + foreign);
        } finally {
            String arn = elb.describeLoadBalancers(r -> r.names(foreign)).loadBalancers().get(0).loadBalancerArn();
            elb.deleteLoadBalancer(r -> r.loadBalancerArn(arn));
        }
    }

    @Test
    void delete_inReverseOrder_removesListenersLoadBalancerAndTargetGroup() {
        Context context = fixture.withLoadBalancing();
        String lbArn = context.dependency(ComputeLayer.LOAD_BALANCER).physicalId();
        Context teardown = fixture.context();
        List<Desired<?>> reversed = reversed(fixture.loadBalancing());
        for (Desired<?> resource : reversed) {
            Live live = Runs.observe(teardown, resource, Optional.of(context.dependency(resource.address()).physicalId()))
                    .orElseThrow();
            Runs.delete(teardown, resource, live);
            assertThat(Runs.observe(teardown, resource, Optional.of(live.physicalId()))).as(resource.address() + " gone")
                    .isEmpty();
        }
        assertThatThrownBy(() -> elb.describeLoadBalancers(r -> r.loadBalancerArns(lbArn)))
                .isInstanceOf(LoadBalancerNotFoundException.class);
        assertThat(elb.describeTargetGroups().targetGroups()).isEmpty();
        assertThat(fixture.calls.count("DeleteListener")).isEqualTo(2);
    }

    @Test
    void delete_refusesALoadBalancerWhoseDeletionProtectionWasTurnedOnByHand_andSaysHowToTurnItOff() {
        fixture.withLoadBalancing();
        Context observing = fixture.context();
        String arn = Runs.observe(observing, fixture.loadBalancer(), Optional.empty()).orElseThrow().physicalId();
        elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(arn).attributes(LoadBalancerAttribute
                .builder().key("deletion_protection.enabled").value("true").build()));
        Context teardown = fixture.context();
        Live live = Runs.observe(teardown, fixture.loadBalancer(), Optional.of(arn)).orElseThrow();
        fixture.calls.clear();

        try {
            assertThatThrownBy(() -> Runs.delete(teardown, fixture.loadBalancer(), live))
                    .isInstanceOf(ResourceException.class).hasMessageContaining("has deletion protection on")
                    .hasMessageContaining("aws elbv2 modify-load-balancer-attributes --load-balancer-arn " + arn
                            + " --attributes Key=deletion_protection.enabled,Value=false");
            assertThat(fixture.calls.mutating()).as("nothing changed").isEmpty();
            assertThat(elb.describeLoadBalancers(r -> r.loadBalancerArns(arn)).loadBalancers()).as("still there")
                    .hasSize(1);
        } finally {
            elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(arn).attributes(LoadBalancerAttribute
                    .builder().key("deletion_protection.enabled").value("false").build()));
        }
    }

    @Test
    void delete_withoutDeletionProtection_deletesWithoutAnotherRead() {
        Live live = fixture.withLoadBalancing().dependency(ComputeLayer.LOAD_BALANCER);
        Context teardown = fixture.context();
        fixture.calls.clear();

        Runs.delete(teardown, fixture.loadBalancer(), live);

        assertThat(fixture.calls.mutating()).containsExactly("DeleteLoadBalancer");
        assertThat(fixture.calls.count("DescribeLoadBalancerAttributes")).isZero();
    }

    private static List<Desired<?>> reversed(List<Desired<?>> resources) {
        List<Desired<?>> reversed = new java.util.ArrayList<>(resources);
        java.util.Collections.reverse(reversed);
        return reversed;
    }

    private static String id(Context context, dev.yocto.resources.api.Address address) {
        return context.dependency(address).attribute("id");
    }

    private Map<String, String> tags(String arn) {
        return elb.describeTags(r -> r.resourceArns(arn)).tagDescriptions().get(0).tags().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
    }

    private Map<String, String> attributes(String arn) {
        return elb.describeTargetGroupAttributes(r -> r.targetGroupArn(arn)).attributes().stream()
                .collect(Collectors.toMap(TargetGroupAttribute::key, TargetGroupAttribute::value));
    }
}
