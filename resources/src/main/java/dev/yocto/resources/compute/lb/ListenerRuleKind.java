package dev.yocto.resources.compute.lb;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Kind;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Output;
import dev.yocto.resources.api.Ref;
import dev.yocto.resources.api.Tags;
import dev.yocto.resources.compute.OriginHeader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ListenerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleNotFoundException;

/**
 * The HTTPS listener's rule that lets the site distribution in: a request carrying the secret
 * origin header (the value kept in a Secrets Manager secret, which CloudFront adds to every request
 * it sends to the API origin) is forwarded to the target group; anything else reaches the
 * listener's default action, 403. Together with the security group that admits only CloudFront's
 * addresses, this keeps other CloudFront distributions — which come from the same addresses — out.
 *
 * <p>The value never leaves AWS and this process's memory: it is compared, in state and in plans,
 * as its {@link OriginHeader#digest}.
 */
public final class ListenerRuleKind implements Kind<ListenerRuleKind.Settings> {

    public static final String ID = "elbv2:listener-rule";
    public static final ListenerRuleKind KIND = new ListenerRuleKind();
    public static final Output<String> ARN = Output.attribute(ID, "arn");
    /**
     * @param priority  the rule's priority in the listener (unique there)
     * @param secretArn the secret whose value the header must carry
     */
    public record Settings(Ref<String> listenerArn, int priority, String headerName, Ref<String> secretArn,
                           Ref<String> targetGroupArn) {

        /** Forwards to the target group what carries {@link OriginHeader#NAME} with the secret's value. */
        public static Settings originHeader(Ref<String> listenerArn, Ref<String> secretArn,
                                            Ref<String> targetGroupArn) {
            return new Settings(listenerArn, 1, OriginHeader.NAME, secretArn, targetGroupArn);
        }
    }

    private ListenerRuleKind() {
    }

    @Override
    public String id() {
        return ID;
    }

    /** By the ARN in state, else among the rules of the listener (when resolved in this run) by priority. */
    @Override
    public Optional<Live> observe(Context context, Address address, Optional<Settings> settings,
                                  Optional<String> knownId) {
        ElasticLoadBalancingV2Client elb = context.aws().elbv2();
        Optional<Rule> found = knownId.flatMap(arn -> byArn(elb, arn));
        if (found.isEmpty() && settings.isPresent()) {
            String priority = String.valueOf(settings.get().priority());
            found = context.valueIfResolved(settings.get().listenerArn()).flatMap(listener -> rules(elb, listener)
                    .stream().filter(rule -> priority.equals(rule.priority())).findFirst());
            found.ifPresent(rule -> Tags.requireOurs(context.stack(), address, "rule " + rule.ruleArn()
                    + " at priority " + priority, ElbSupport.tagsOf(elb, rule.ruleArn())));
        }
        return found.map(rule -> live(elb, rule));
    }

    private static Optional<Rule> byArn(ElasticLoadBalancingV2Client elb, String arn) {
        try {
            return elb.describeRules(r -> r.ruleArns(arn)).rules().stream().findFirst();
        } catch (RuleNotFoundException | ListenerNotFoundException e) {
            return Optional.empty();
        }
    }

    private static List<Rule> rules(ElasticLoadBalancingV2Client elb, String listenerArn) {
        try {
            return elb.describeRules(r -> r.listenerArn(listenerArn)).rules();
        } catch (ListenerNotFoundException e) {
            return List.of();
        }
    }

    private static Live live(ElasticLoadBalancingV2Client elb, Rule rule) {
        Map<String, String> observed = new HashMap<>();
        observed.put("priority", String.valueOf(rule.priority()));
        observed.put("conditions", rule.conditions().stream().map(ListenerRuleKind::describe).sorted()
                .collect(Collectors.joining(";")));
        observed.put("actions", ListenerKind.describe(rule.actions()));
        observed.put("tags", Tags.ours(ElbSupport.tagsOf(elb, rule.ruleArn())));
        return new Live(rule.ruleArn(), rule.ruleArn(), Map.of(ARN.name(), rule.ruleArn()), observed);
    }

    /** {@code http-header:<name>=<digest of each value>}, or the field and its values for other conditions. */
    private static String describe(RuleCondition condition) {
        if ("http-header".equals(condition.field()) && condition.httpHeaderConfig() != null) {
            return "http-header:" + condition.httpHeaderConfig().httpHeaderName() + "="
                    + condition.httpHeaderConfig().values().stream().map(OriginHeader::digest).sorted()
                    .collect(Collectors.joining(","));
        }
        return condition.field() + ":" + String.join(",", condition.values());
    }

    private static RuleCondition condition(Context context, Settings settings) {
        return RuleCondition.builder().field("http-header").httpHeaderConfig(h -> h
                .httpHeaderName(settings.headerName()).values(OriginHeader.value(context, settings.secretArn()))).build();
    }

    private static Action forward(Context context, Settings settings) {
        return Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(context.value(settings.targetGroupArn()))
                .build();
    }

    @Override
    public Live create(Context context, Desired<Settings> desired) {
        ElasticLoadBalancingV2Client elb = context.aws().elbv2();
        Settings settings = desired.settings();
        Rule created = elb.createRule(r -> r.listenerArn(context.value(settings.listenerArn()))
                .priority(settings.priority()).conditions(condition(context, settings))
                .actions(forward(context, settings)).tags(ElbSupport.tags(context, desired.address()))).rules().get(0);
        return live(elb, created);
    }

    @Override
    public Map<String, String> desiredFields(Context context, Desired<Settings> desired) {
        Settings settings = desired.settings();
        return Map.of("priority", String.valueOf(settings.priority()),
                "conditions", describe(condition(context, settings)),
                "actions", ListenerKind.describe(List.of(forward(context, settings))),
                "tags", Tags.ours(context.tags(desired.address())));
    }

    /** Conditions and actions with ModifyRule, the priority with SetRulePriorities, tags with AddTags. */
    @Override
    public Live update(Context context, Desired<Settings> desired, Live live, List<Difference> differences) {
        ElasticLoadBalancingV2Client elb = context.aws().elbv2();
        Settings settings = desired.settings();
        String arn = live.physicalId();
        Set<String> fields = differences.stream().map(Difference::field).collect(Collectors.toSet());
        if (fields.contains("conditions") || fields.contains("actions")) {
            elb.modifyRule(r -> r.ruleArn(arn).conditions(condition(context, settings))
                    .actions(forward(context, settings)));
        }
        if (fields.contains("priority")) {
            elb.setRulePriorities(r -> r.rulePriorities(p -> p.ruleArn(arn).priority(settings.priority())));
        }
        if (fields.contains("tags")) {
            elb.addTags(r -> r.resourceArns(arn).tags(ElbSupport.tags(context, desired.address())));
        }
        return byArn(elb, arn).map(rule -> live(elb, rule)).orElse(live);
    }

    @Override
    public void delete(Context context, Address address, Live live) {
        try {
            context.aws().elbv2().deleteRule(r -> r.ruleArn(live.physicalId()));
        } catch (RuleNotFoundException | ListenerNotFoundException e) {
            // already gone, or went with its listener or load balancer
        }
    }
}
