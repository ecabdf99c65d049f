package dev.yocto.resources.compute.lb;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;

/** What the load balancer, target group and listener handlers share: tags and finding the load balancer. */
final class ElbSupport {

    private ElbSupport() {
    }

    static List<Tag> tags(Context context, Address address) {
        return context.tags(address).entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    static Map<String, String> tagsOf(ElasticLoadBalancingV2Client elb, String arn) {
        return elb.describeTags(r -> r.resourceArns(arn)).tagDescriptions().stream()
                .flatMap(description -> description.tags().stream())
                .collect(Collectors.toMap(Tag::key, t -> t.value() == null ? "" : t.value(), (a, b) -> a));
    }

    /**
     * The tags of several resources by ARN, 20 to a call (DescribeTags' limit:
     * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeTags.html);
     * a resource AWS no longer knows has none.
     */
    static Map<String, Map<String, String>> tagsOf(ElasticLoadBalancingV2Client elb, List<String> arns) {
        Map<String, Map<String, String>> tags = new HashMap<>();
        arns.forEach(arn -> tags.put(arn, Map.of()));
        for (int from = 0; from < arns.size(); from += 20) {
            List<String> chunk = arns.subList(from, Math.min(arns.size(), from + 20));
            elb.describeTags(r -> r.resourceArns(chunk)).tagDescriptions().forEach(description -> tags.put(
                    description.resourceArn(), description.tags().stream().collect(Collectors.toMap(Tag::key,
                            t -> t.value() == null ? "" : t.value(), (a, b) -> a))));
        }
        return tags;
    }

    static Optional<LoadBalancer> loadBalancerByName(ElasticLoadBalancingV2Client elb, String name) {
        try {
            return elb.describeLoadBalancers(r -> r.names(name)).loadBalancers().stream().findFirst();
        } catch (LoadBalancerNotFoundException e) {
            return Optional.empty();
        }
    }

    static Optional<LoadBalancer> loadBalancerByArn(ElasticLoadBalancingV2Client elb, String arn) {
        try {
            return elb.describeLoadBalancers(r -> r.loadBalancerArns(arn)).loadBalancers().stream().findFirst();
        } catch (LoadBalancerNotFoundException e) {
            return Optional.empty();
        }
    }

    static String sorted(List<String> values) {
        return values.stream().sorted().collect(Collectors.joining(","));
    }
}
