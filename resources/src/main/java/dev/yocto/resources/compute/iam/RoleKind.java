package dev.yocto.resources.compute.iam;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Kind;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Output;
import dev.yocto.resources.api.Poll;
import dev.yocto.resources.api.Ref;
import dev.yocto.resources.api.ResourceException;
import dev.yocto.resources.api.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * An IAM role that ECS tasks assume ({@code ecs-tasks.amazonaws.com}), named
 * {@code <stack>-ecs-<purpose>}, with one inline policy whose statements name other resources by
 * reference, and nothing else attached.
 *
 * <p>IAM is eventually consistent: a new role can be invisible, even to IAM, for seconds, and to
 * other services for longer. The create retries its inline policy until IAM knows the role and
 * reads the role back until IAM returns it; consumers that make another service assume it (ECS
 * CreateService, in the service resource) must still retry role-assumption errors for a while.
 *
 * <p>A role of the same name that does not carry this stack's tag is someone else's: observe fails
 * and names it rather than taking it over.
 */
public final class RoleKind implements Kind<RoleKind.Settings> {

    public static final String ID = "iam:role";
    public static final RoleKind KIND = new RoleKind();
    public static final Output<String> NAME = Output.attribute(ID, "name");
    public static final Output<String> ARN = Output.attribute(ID, "arn");
    /** The inline policy yocto writes; others found on the role are drift. */
    public static final String POLICY_NAME = "yocto";
    public static final String TRUSTED_SERVICE = "ecs-tasks.amazonaws.com";

    private static final int MAX_NAME_LENGTH = 64;
    private static final Duration VISIBLE_TIMEOUT = Duration.ofMinutes(2);

    /**
     * @param purpose {@code execution} or {@code task}: the role's name is {@code <stack>-ecs-<purpose>}
     * @param grants  the statements of its inline policy
     */
    public record Settings(String purpose, List<Grant> grants) {

        public Settings {
            grants = List.copyOf(grants);
        }
    }

    /** Allows {@code actions} on exactly {@code resources}. */
    public record Grant(String sid, List<String> actions, List<Target> resources) {

        public Grant {
            actions = List.copyOf(actions);
            resources = List.copyOf(resources);
        }
    }

    /** A resource of a statement: another resource's ARN with a suffix ({@code /*}), or a literal ({@code *}). */
    public record Target(Optional<Ref<String>> arn, String text) {

        public static final Target ANY = new Target(Optional.empty(), "*");

        public static Target of(Ref<String> arn) {
            return of(arn, "");
        }

        public static Target of(Ref<String> arn, String suffix) {
            return new Target(Optional.of(arn), suffix);
        }

        String resolve(Context context) {
            return arn.map(context::value).orElse("") + text;
        }
    }

    private RoleKind() {
    }

    @Override
    public String id() {
        return ID;
    }

    private static PolicyDocument policy(Context context, Settings settings) {
        PolicyDocument document = new PolicyDocument();
        for (Grant grant : settings.grants()) {
            document.allow(grant.sid(), grant.actions(),
                    grant.resources().stream().map(target -> target.resolve(context)).toList());
        }
        return document;
    }

    public static String roleName(Context context, Address address, Settings settings) {
        String name = context.stack() + "-ecs-" + settings.purpose();
        if (name.length() > MAX_NAME_LENGTH) {
            throw new ResourceException(address, "the role name " + name + " is longer than IAM's " + MAX_NAME_LENGTH
                    + " characters; choose a shorter stack name");
        }
        return name;
    }

    /** By name: role names are unique per account, and this one is derived from the stack. */
    @Override
    public Optional<Live> observe(Context context, Address address, Optional<Settings> settings,
                                  Optional<String> knownId) {
        IamClient iam = context.aws().iam();
        return knownId.or(() -> settings.map(s -> roleName(context, address, s)))
                .flatMap(name -> role(iam, name)).map(role -> live(context, address, iam, role));
    }

    private static Optional<Role> role(IamClient iam, String name) {
        try {
            return Optional.of(iam.getRole(r -> r.roleName(name)).role());
        } catch (NoSuchEntityException e) {
            return Optional.empty();
        }
    }

    private static Optional<Live> observe(Context context, Address address, String name) {
        IamClient iam = context.aws().iam();
        return role(iam, name).map(role -> live(context, address, iam, role));
    }

    private static Live live(Context context, Address address, IamClient iam, Role role) {
        Map<String, String> tags = role.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> a));
        Tags.requireOurs(context.stack(), address, "an IAM role named " + role.roleName(), tags);
        String inline = inlinePolicy(iam, role.roleName()).map(PolicyDocument::canonical).orElse("");
        Map<String, String> observed = Map.of(
                "trustPolicy", PolicyDocument.canonical(role.assumeRolePolicyDocument()),
                "policy", inline,
                "otherPolicies", String.join(",", otherPolicies(iam, role.roleName())),
                "tags", Tags.ours(tags));
        return new Live(role.roleName(), role.arn(), Map.of(NAME.name(), role.roleName(), ARN.name(), role.arn()),
                observed);
    }

    private static Optional<String> inlinePolicy(IamClient iam, String roleName) {
        try {
            return Optional.of(iam.getRolePolicy(r -> r.roleName(roleName).policyName(POLICY_NAME)).policyDocument());
        } catch (NoSuchEntityException e) {
            return Optional.empty();
        }
    }

    /** Inline policies other than ours and attached managed policies (by ARN): grants yocto did not make. */
    private static List<String> otherPolicies(IamClient iam, String roleName) {
        List<String> others = new ArrayList<>(inlinePolicyNames(iam, roleName).stream()
                .filter(name -> !name.equals(POLICY_NAME)).toList());
        others.addAll(attachedPolicyArns(iam, roleName));
        others.sort(null);
        return others;
    }

    private static List<String> inlinePolicyNames(IamClient iam, String roleName) {
        return iam.listRolePoliciesPaginator(r -> r.roleName(roleName)).policyNames().stream().toList();
    }

    private static List<String> attachedPolicyArns(IamClient iam, String roleName) {
        return iam.listAttachedRolePoliciesPaginator(r -> r.roleName(roleName)).attachedPolicies().stream()
                .map(AttachedPolicy::policyArn).toList();
    }


    private static PolicyDocument trust(Context context) {
        return PolicyDocument.trust(TRUSTED_SERVICE, context.account());
    }

    private static List<Tag> tags(Context context, Address address) {
        return context.tags(address).entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    /**
     * CreateRole has no idempotency token: a create retried after a crash finds the role (ours by its
     * tag) and brings it in line.
     */
    @Override
    public Live create(Context context, Desired<Settings> desired) {
        IamClient iam = context.aws().iam();
        Address address = desired.address();
        String name = roleName(context, address, desired.settings());
        try {
            iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(trust(context).json())
                    .description("yocto " + context.stack() + ": ECS " + desired.settings().purpose() + " role")
                    .tags(tags(context, address)));
        } catch (EntityAlreadyExistsException e) {
            Live existing = observe(context, address, name).orElseThrow(() -> e);
            List<Difference> differences = diff(context, desired, existing);
            return differences.isEmpty() ? existing : update(context, desired, existing, differences);
        }
        String document = policy(context, desired.settings()).json();
        Poll.until(context, address, "IAM to accept the inline policy of the new role " + name, VISIBLE_TIMEOUT, () -> {
            try {
                iam.putRolePolicy(r -> r.roleName(name).policyName(POLICY_NAME).policyDocument(document));
                return Optional.of(true);
            } catch (NoSuchEntityException e) {
                return Optional.empty();
            }
        });
        return Poll.until(context, address, "IAM to return the new role " + name, VISIBLE_TIMEOUT,
                () -> observe(context, address, name));
    }

    @Override
    public Map<String, String> desiredFields(Context context, Desired<Settings> desired) {
        return Map.of("trustPolicy", trust(context).canonical(),
                "policy", policy(context, desired.settings()).canonical(),
                "otherPolicies", "",
                "tags", Tags.ours(context.tags(desired.address())));
    }

    @Override
    public Live update(Context context, Desired<Settings> desired, Live live, List<Difference> differences) {
        IamClient iam = context.aws().iam();
        String name = live.physicalId();
        Set<String> fields = differences.stream().map(Difference::field).collect(Collectors.toSet());
        if (fields.contains("trustPolicy")) {
            iam.updateAssumeRolePolicy(r -> r.roleName(name).policyDocument(trust(context).json()));
        }
        if (fields.contains("policy")) {
            iam.putRolePolicy(r -> r.roleName(name).policyName(POLICY_NAME)
                    .policyDocument(policy(context, desired.settings()).json()));
        }
        if (fields.contains("otherPolicies")) {
            removePolicies(iam, name, false);
        }
        if (fields.contains("tags")) {
            iam.tagRole(r -> r.roleName(name).tags(tags(context, desired.address())));
        }
        return observe(context, desired.address(), name).orElseThrow(() -> new ResourceException(desired.address(),
                "role " + name + " disappeared while it was being updated"));
    }

    /** IAM refuses to delete a role that still has policies: inline ones are deleted, managed ones detached. */
    @Override
    public void delete(Context context, Address address, Live live) {
        IamClient iam = context.aws().iam();
        String name = live.physicalId();
        try {
            removePolicies(iam, name, true);
            iam.deleteRole(r -> r.roleName(name));
        } catch (NoSuchEntityException e) {
            // already gone
        }
    }

    private static void removePolicies(IamClient iam, String roleName, boolean includingOurs) {
        for (String policyName : inlinePolicyNames(iam, roleName)) {
            if (includingOurs || !policyName.equals(POLICY_NAME)) {
                iam.deleteRolePolicy(r -> r.roleName(roleName).policyName(policyName));
            }
        }
        for (String policyArn : attachedPolicyArns(iam, roleName)) {
            iam.detachRolePolicy(r -> r.roleName(roleName).policyArn(policyArn));
        }
    }
}
