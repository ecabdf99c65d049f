package dev.yocto.resources.compute.site;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Discovered;
import dev.yocto.resources.api.Kind;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Output;
import dev.yocto.resources.api.Poll;
import dev.yocto.resources.api.Tags;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.wafv2.Wafv2Client;
import software.amazon.awssdk.services.wafv2.model.DefaultAction;
import software.amazon.awssdk.services.wafv2.model.GetWebAclResponse;
import software.amazon.awssdk.services.wafv2.model.Rule;
import software.amazon.awssdk.services.wafv2.model.Scope;
import software.amazon.awssdk.services.wafv2.model.Tag;
import software.amazon.awssdk.services.wafv2.model.VisibilityConfig;
import software.amazon.awssdk.services.wafv2.model.WafAssociatedItemException;
import software.amazon.awssdk.services.wafv2.model.WafNonexistentItemException;
import software.amazon.awssdk.services.wafv2.model.WafOptimisticLockException;
import software.amazon.awssdk.services.wafv2.model.WebACL;
import software.amazon.awssdk.services.wafv2.model.WebACLSummary;

/**
 * The optional AWS WAF web ACL of the site distribution (config {@code waf.enabled}): it allows
 * everything except a client address that sent more than {@code rateLimit} requests in the last
 * 5 minutes, which is blocked until its rate falls back under the limit. Scope CLOUDFRONT (so it
 * lives in us-east-1), named {@code <stack>-<address>}, tagged; its physical id is its ARN.
 *
 * <p>Delete waits while a distribution is still associated with it (WAFAssociatedItemException):
 * the distribution drops it in an update that must deploy first.
 */
public final class WebAclKind implements Kind<WebAclKind.Settings> {

    public static final String ID = "wafv2:web-acl";
    public static final WebAclKind KIND = new WebAclKind();
    public static final Output<String> ARN = Output.attribute(ID, "arn");
    static final String RULE = "rate-limit-per-address";
    private static final Duration ASSOCIATED_TIMEOUT = Duration.ofMinutes(30);
    private static final String LISTING = "wafv2:web-acls";

    /** @param rateLimit requests one client address may make in a 5-minute window */
    public record Settings(int rateLimit) {
    }

    private WebAclKind() {
    }

    @Override
    public String id() {
        return ID;
    }

    private static String name(Context context, Address address) {
        return context.stack() + "-" + address.dashed();
    }

    /** {@code arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>} */
    private static String[] nameAndId(String arn) {
        String[] parts = arn.split("/");
        return new String[] {parts[parts.length - 2], parts[parts.length - 1]};
    }

    @Override
    public Optional<Live> observe(Context context, Address address, Optional<Settings> settings,
                                  Optional<String> knownId) {
        Wafv2Client waf = context.aws().wafv2();
        Optional<Live> found = knownId.flatMap(arn -> get(waf, arn)).map(response -> live(waf, response));
        if (found.isEmpty()) {
            String name = name(context, address);
            found = webAcls(context).stream().filter(acl -> name.equals(acl.name())).findFirst().map(acl -> {
                Tags.requireOurs(context.stack(), address, "web ACL " + name, tags(waf, acl.arn()));
                return live(waf, get(waf, acl.arn()).orElseThrow());
            });
        }
        return found;
    }

    private static Optional<GetWebAclResponse> get(Wafv2Client waf, String arn) {
        String[] nameAndId = nameAndId(arn);
        try {
            return Optional.of(waf.getWebACL(r -> r.scope(Scope.CLOUDFRONT).name(nameAndId[0]).id(nameAndId[1])));
        } catch (WafNonexistentItemException e) {
            return Optional.empty();
        }
    }

    private static List<WebACLSummary> webAcls(Context context) {
        return context.listing(LISTING, () -> {
            Wafv2Client waf = context.aws().wafv2();
            List<WebACLSummary> all = new java.util.ArrayList<>();
            String marker = null;
            do {
                String next = marker;
                var page = waf.listWebACLs(r -> r.scope(Scope.CLOUDFRONT).limit(100).nextMarker(next));
                all.addAll(page.webACLs());
                marker = page.webACLs().isEmpty() ? null : page.nextMarker();
            } while (marker != null && !marker.isEmpty());
            return all;
        });
    }

    private static Map<String, String> tags(Wafv2Client waf, String arn) {
        var info = waf.listTagsForResource(r -> r.resourceARN(arn)).tagInfoForResource();
        return info == null || info.tagList() == null ? Map.of() : info.tagList().stream()
                .collect(Collectors.toMap(Tag::key, t -> t.value() == null ? "" : t.value(), (a, b) -> a));
    }

    /** Every web ACL tagged with the stack, by the address in its tags. */
    @Override
    public List<Discovered> discover(Context context) {
        Wafv2Client waf = context.aws().wafv2();
        return webAcls(context).stream().map(acl -> Map.entry(acl, tags(waf, acl.arn())))
                .filter(entry -> context.stack().equals(entry.getValue().get(Tags.STACK))
                        && entry.getValue().containsKey(Tags.RESOURCE))
                .map(entry -> new Discovered(Address.of(entry.getValue().get(Tags.RESOURCE)), entry.getKey().arn()))
                .toList();
    }

    private static Live live(Wafv2Client waf, GetWebAclResponse response) {
        WebACL acl = response.webACL();
        Map<String, String> observed = new HashMap<>();
        observed.put("defaultAction", acl.defaultAction() != null && acl.defaultAction().allow() != null ? "allow"
                : "block");
        observed.put("rules", rules(acl.rules()));
        observed.put("tags", Tags.ours(tags(waf, acl.arn())));
        return new Live(acl.arn(), acl.arn(), Map.of(ARN.name(), acl.arn(), "id", acl.id(), "name", acl.name()),
                observed);
    }

    /** {@code <name>:<priority>:rate<limit>/<aggregate>:<action>} per rule. */
    private static String rules(List<Rule> rules) {
        return rules.stream().sorted(java.util.Comparator.comparing(Rule::priority)).map(rule -> {
            var rate = rule.statement() == null ? null : rule.statement().rateBasedStatement();
            String statement = rate == null ? "other" : "rate" + rate.limit() + "/" + rate.aggregateKeyTypeAsString();
            String action = rule.action() == null ? "none" : rule.action().block() != null ? "block"
                    : rule.action().count() != null ? "count" : "allow";
            return rule.name() + ":" + rule.priority() + ":" + statement + ":" + action;
        }).collect(Collectors.joining(";"));
    }

    private static List<Rule> desiredRules(Settings settings) {
        return List.of(Rule.builder().name(RULE).priority(0)
                .statement(s -> s.rateBasedStatement(r -> r.limit((long) settings.rateLimit()).aggregateKeyType("IP")))
                .action(a -> a.block(b -> { }))
                .visibilityConfig(visibility(RULE)).build());
    }

    private static VisibilityConfig visibility(String metric) {
        return VisibilityConfig.builder().sampledRequestsEnabled(true).cloudWatchMetricsEnabled(true)
                .metricName(metric).build();
    }

    private static List<Tag> tagList(Context context, Address address) {
        return context.tags(address).entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    /** CreateWebACL has no idempotency token; names are unique per scope, so a retry finds the first by name. */
    @Override
    public Live create(Context context, Desired<Settings> desired) {
        context.forgetListings(LISTING);
        Wafv2Client waf = context.aws().wafv2();
        String name = name(context, desired.address());
        String arn = waf.createWebACL(r -> r.name(name).scope(Scope.CLOUDFRONT)
                .description("yocto " + context.stack() + ": rate limit per client address of the site")
                .defaultAction(DefaultAction.builder().allow(a -> { }).build())
                .rules(desiredRules(desired.settings())).visibilityConfig(visibility(name))
                .tags(tagList(context, desired.address()))).summary().arn();
        return live(waf, get(waf, arn).orElseThrow());
    }

    @Override
    public Map<String, String> desiredFields(Context context, Desired<Settings> desired) {
        return Map.of("defaultAction", "allow", "rules", rules(desiredRules(desired.settings())),
                "tags", Tags.ours(context.tags(desired.address())));
    }

    /** Rules and default action with UpdateWebACL under the lock token just read; tags with TagResource. */
    @Override
    public Live update(Context context, Desired<Settings> desired, Live live, List<Difference> differences) {
        Wafv2Client waf = context.aws().wafv2();
        String arn = live.physicalId();
        Set<String> fields = differences.stream().map(Difference::field).collect(Collectors.toSet());
        if (fields.contains("rules") || fields.contains("defaultAction")) {
            GetWebAclResponse current = get(waf, arn).orElseThrow();
            waf.updateWebACL(r -> r.scope(Scope.CLOUDFRONT).name(current.webACL().name()).id(current.webACL().id())
                    .lockToken(current.lockToken()).defaultAction(DefaultAction.builder().allow(a -> { }).build())
                    .rules(desiredRules(desired.settings())).visibilityConfig(current.webACL().visibilityConfig()));
        }
        if (fields.contains("tags")) {
            waf.tagResource(r -> r.resourceARN(arn).tags(tagList(context, desired.address())));
        }
        return live(waf, get(waf, arn).orElseThrow());
    }

    @Override
    public void delete(Context context, Address address, Live live) {
        context.forgetListings(LISTING);
        Wafv2Client waf = context.aws().wafv2();
        String arn = live.physicalId();
        Poll.until(context, address, "web ACL " + arn + " to be no longer associated with a distribution",
                ASSOCIATED_TIMEOUT, () -> {
                    Optional<GetWebAclResponse> current = get(waf, arn);
                    if (current.isEmpty()) {
                        return Optional.of(true);
                    }
                    try {
                        waf.deleteWebACL(r -> r.scope(Scope.CLOUDFRONT).name(current.get().webACL().name())
                                .id(current.get().webACL().id()).lockToken(current.get().lockToken()));
                        return Optional.of(true);
                    } catch (WafNonexistentItemException e) {
                        return Optional.of(true);
                    } catch (WafAssociatedItemException | WafOptimisticLockException e) {
                        return Optional.empty();
                    }
                });
    }
}
