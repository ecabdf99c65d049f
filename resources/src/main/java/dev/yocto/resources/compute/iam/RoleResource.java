package dev.yocto.resources.compute.iam;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Poll;
import dev.yocto.resources.api.Resource;
import dev.yocto.resources.api.ResourceException;
import dev.yocto.resources.api.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * An IAM role that ECS tasks assume ({@code ecs-tasks.amazonaws.com}), named
 * {@code <stack>-ecs-<purpose>}, with one inline policy built from its dependencies' attributes and
 * nothing else attached.
 *
 * <p>IAM is eventually consistent: a new role can be invisible, even to IAM, for seconds, and to
 * other services for longer. The create retries its inline policy until IAM knows the role and
 * reads the role back until IAM returns it; consumers that make another service assume it (ECS
 * CreateService, in the service resource) must still retry role-assumption errors for a while.
 *
 * <p>A role of the same name that does not carry this stack's tag is someone else's: observe fails
 * and names it rather than taking it over.
 */
public final class RoleResource implements Resource {

    /** The inline policy yocto writes; others found on the role are drift. */
    public static final String POLICY_NAME = "yocto";
    public static final String TRUSTED_SERVICE = "ecs-tasks.amazonaws.com";

    private static final int MAX_NAME_LENGTH = 64;
    private static final Duration VISIBLE_TIMEOUT = Duration.ofMinutes(2);

    public record Settings(String purpose, String trustedService, String policyName) {
    }

    private final Address address;
    private final Settings settings;
    private final Set<Address> dependencies;
    private final Function<Context, PolicyDocument> policy;

    /**
     * @param purpose      {@code execution} or {@code task}: the role's name is {@code <stack>-ecs-<purpose>}
     * @param dependencies the resources {@code policy} reads
     * @param policy       the inline policy, built from the dependencies' attributes
     */
    public RoleResource(Address address, String purpose, Set<Address> dependencies,
                        Function<Context, PolicyDocument> policy) {
        this.address = address;
        this.settings = new Settings(purpose, TRUSTED_SERVICE, POLICY_NAME);
        this.dependencies = Set.copyOf(dependencies);
        this.policy = policy;
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public String kind() {
        return "iam:role";
    }

    @Override
    public Set<Address> dependencies() {
        return dependencies;
    }

    @Override
    public Settings settings() {
        return settings;
    }

    public String roleName(Context context) {
        String name = context.stack() + "-ecs-" + settings.purpose();
        if (name.length() > MAX_NAME_LENGTH) {
            throw new ResourceException(address, "the role name " + name + " is longer than IAM's " + MAX_NAME_LENGTH
                    + " characters; choose a shorter stack name");
        }
        return name;
    }

    /** By name: role names are unique per account, and this one is derived from the stack. */
    @Override
    public Optional<Live> observe(Context context, Optional<String> knownId) {
        IamClient iam = context.aws().iam();
        return role(iam, knownId.orElseGet(() -> roleName(context))).map(role -> live(context, iam, role));
    }

    private static Optional<Role> role(IamClient iam, String name) {
        try {
            return Optional.of(iam.getRole(r -> r.roleName(name)).role());
        } catch (NoSuchEntityException e) {
            return Optional.empty();
        }
    }

    private Live live(Context context, IamClient iam, Role role) {
        Map<String, String> tags = role.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> a));
        Tags.requireOurs(context.stack(), address, "an IAM role named " + role.roleName(), tags);
        String inline = inlinePolicy(iam, role.roleName()).map(PolicyDocument::canonical).orElse("");
        Map<String, String> observed = Map.of(
                "trustPolicy", PolicyDocument.canonical(role.assumeRolePolicyDocument()),
                "policy", inline,
                "otherPolicies", String.join(",", otherPolicies(iam, role.roleName())),
                "tags", Tags.ours(tags));
        return new Live(role.roleName(), role.arn(), Map.of("name", role.roleName(), "arn", role.arn()), observed);
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


    private List<Tag> tags(Context context) {
        return context.tags(address).entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    /**
     * CreateRole has no idempotency token: a create retried after a crash finds the role (ours by its
     * tag) and brings it in line.
     */
    @Override
    public Live create(Context context) {
        IamClient iam = context.aws().iam();
        String name = roleName(context);
        try {
            iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(PolicyDocument.trust(TRUSTED_SERVICE).json())
                    .description("yocto " + context.stack() + ": ECS " + settings.purpose() + " role")
                    .tags(tags(context)));
        } catch (EntityAlreadyExistsException e) {
            Live existing = observe(context, Optional.of(name)).orElseThrow(() -> e);
            List<Difference> differences = diff(context, existing);
            return differences.isEmpty() ? existing : update(context, existing, differences);
        }
        String document = policy.apply(context).json();
        Poll.until(context, address, "IAM to accept the inline policy of the new role " + name, VISIBLE_TIMEOUT, () -> {
            try {
                iam.putRolePolicy(r -> r.roleName(name).policyName(POLICY_NAME).policyDocument(document));
                return Optional.of(true);
            } catch (NoSuchEntityException e) {
                return Optional.empty();
            }
        });
        return Poll.until(context, address, "IAM to return the new role " + name, VISIBLE_TIMEOUT,
                () -> observe(context, Optional.of(name)));
    }

    @Override
    public Map<String, String> desiredFields(Context context) {
        return Map.of("trustPolicy", PolicyDocument.trust(TRUSTED_SERVICE).canonical(),
                "policy", policy.apply(context).canonical(),
                "otherPolicies", "",
                "tags", Tags.ours(context.tags(address)));
    }

    @Override
    public Live update(Context context, Live live, List<Difference> differences) {
        IamClient iam = context.aws().iam();
        String name = live.physicalId();
        Set<String> fields = differences.stream().map(Difference::field).collect(Collectors.toSet());
        if (fields.contains("trustPolicy")) {
            iam.updateAssumeRolePolicy(r -> r.roleName(name).policyDocument(PolicyDocument.trust(TRUSTED_SERVICE).json()));
        }
        if (fields.contains("policy")) {
            iam.putRolePolicy(r -> r.roleName(name).policyName(POLICY_NAME).policyDocument(policy.apply(context).json()));
        }
        if (fields.contains("otherPolicies")) {
            removePolicies(iam, name, false);
        }
        if (fields.contains("tags")) {
            iam.tagRole(r -> r.roleName(name).tags(tags(context)));
        }
        return observe(context, Optional.of(name)).orElseThrow(() -> new ResourceException(address,
                "role " + name + " disappeared while it was being updated"));
    }

    /** IAM refuses to delete a role that still has policies: inline ones are deleted, managed ones detached. */
    @Override
    public void delete(Context context, Live live) {
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
