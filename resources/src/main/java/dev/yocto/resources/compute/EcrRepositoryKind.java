package dev.yocto.resources.compute;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Kind;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Output;
import dev.yocto.resources.api.Tags;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecr.model.Tag;

/**
 * An ECR repository: scan on push, immutable tags (every tag is a content hash, so rewriting one
 * would be a mistake), the stack's tags in the create call.
 *
 * <p>Teardown deletes it with every image in it, with or without {@code --delete-data}: images are
 * build outputs that the next provision makes again from {@code app/}, not data.
 */
public final class EcrRepositoryKind implements Kind<EcrRepositoryKind.Settings> {

    public static final String ID = "ecr:repository";
    public static final EcrRepositoryKind KIND = new EcrRepositoryKind();
    public static final Output<String> NAME = Output.attribute(ID, "name");
    public static final Output<String> URI = Output.attribute(ID, "uri");
    public static final Output<String> REGISTRY_ID = Output.attribute(ID, "registryId");
    public static final Output<String> ARN = Output.attribute(ID, "arn");

    public record Settings(String name, boolean scanOnPush, ImageTagMutability tagMutability) {

        /** Scan on push, immutable tags. */
        public static Settings of(String name) {
            return new Settings(name, true, ImageTagMutability.IMMUTABLE);
        }
    }

    private EcrRepositoryKind() {
    }

    @Override
    public String id() {
        return ID;
    }

    /**
     * By name: repository names are unique per account and region, and this one is derived from the
     * stack. Found without state, it must carry this stack's tag: another owner's repository is a conflict.
     */
    @Override
    public Optional<Live> observe(Context context, Address address, Optional<Settings> settings,
                                  Optional<String> knownId) {
        EcrClient ecr = EcrSupport.client(context);
        Optional<Repository> known = knownId.flatMap(name -> describe(ecr, name));
        if (known.isPresent()) {
            return known.map(r -> live(r, tags(ecr, r)));
        }
        return settings.flatMap(s -> describe(ecr, s.name())).map(r -> ours(context, address, r, tags(ecr, r)));
    }

    private static Live ours(Context context, Address address, Repository repository, Map<String, String> tags) {
        Tags.requireOurs(context.stack(), address, "an ECR repository named " + repository.repositoryName(), tags);
        return live(repository, tags);
    }

    private static Optional<Repository> describe(EcrClient ecr, String name) {
        try {
            return ecr.describeRepositories(r -> r.repositoryNames(name)).repositories().stream().findFirst();
        } catch (RepositoryNotFoundException e) {
            return Optional.empty();
        }
    }

    private static Map<String, String> tags(EcrClient ecr, Repository repository) {
        return ecr.listTagsForResource(r -> r.resourceArn(repository.repositoryArn())).tags()
                .stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> a));
    }

    private static Live live(EcrClient ecr, Repository repository) {
        return live(repository, tags(ecr, repository));
    }

    private static Live live(Repository repository, Map<String, String> tags) {
        Map<String, String> observed = new HashMap<>();
        observed.put("scanOnPush", String.valueOf(repository.imageScanningConfiguration() != null
                && Boolean.TRUE.equals(repository.imageScanningConfiguration().scanOnPush())));
        observed.put("tagMutability", repository.imageTagMutabilityAsString());
        observed.put("tags", Tags.ours(tags));
        return new Live(repository.repositoryName(), repository.repositoryArn(), Map.of(
                NAME.name(), repository.repositoryName(),
                URI.name(), repository.repositoryUri(),
                REGISTRY_ID.name(), repository.registryId(),
                ARN.name(), repository.repositoryArn()), observed);
    }

    private static List<Tag> tags(Context context, Address address) {
        return context.tags(address).entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    /** CreateRepository has no idempotency token: a create retried after a crash finds the repository and adopts it. */
    @Override
    public Live create(Context context, Desired<Settings> desired) {
        EcrClient ecr = EcrSupport.client(context);
        Settings settings = desired.settings();
        try {
            Repository created = ecr.createRepository(r -> r.repositoryName(settings.name())
                    .imageScanningConfiguration(c -> c.scanOnPush(settings.scanOnPush()))
                    .imageTagMutability(settings.tagMutability())
                    .tags(tags(context, desired.address()))).repository();
            return live(ecr, created);
        } catch (RepositoryAlreadyExistsException e) {
            Live existing = describe(ecr, settings.name()).map(r -> ours(context, desired.address(), r, tags(ecr, r)))
                    .orElseThrow(() -> e);
            List<Difference> differences = diff(context, desired, existing);
            return differences.isEmpty() ? existing : update(context, desired, existing, differences);
        }
    }

    @Override
    public Map<String, String> desiredFields(Context context, Desired<Settings> desired) {
        Settings settings = desired.settings();
        return Map.of("scanOnPush", String.valueOf(settings.scanOnPush()),
                "tagMutability", settings.tagMutability().toString(),
                "tags", Tags.ours(context.tags(desired.address())));
    }

    @Override
    public Live update(Context context, Desired<Settings> desired, Live live, List<Difference> differences) {
        EcrClient ecr = EcrSupport.client(context);
        Settings settings = desired.settings();
        String name = live.physicalId();
        Set<String> fields = differences.stream().map(Difference::field).collect(Collectors.toSet());
        if (fields.contains("scanOnPush")) {
            ecr.putImageScanningConfiguration(r -> r.repositoryName(name)
                    .imageScanningConfiguration(c -> c.scanOnPush(settings.scanOnPush())));
        }
        if (fields.contains("tagMutability")) {
            ecr.putImageTagMutability(r -> r.repositoryName(name).imageTagMutability(settings.tagMutability()));
        }
        if (fields.contains("tags")) {
            ecr.tagResource(r -> r.resourceArn(live.arn()).tags(tags(context, desired.address())));
        }
        return describe(ecr, name).map(r -> live(ecr, r)).orElse(live);
    }

    /** With its images ({@code force}): they are rebuilt from the sources on the next provision. */
    @Override
    public void delete(Context context, Address address, Live live) {
        try {
            EcrSupport.client(context).deleteRepository(r -> r.repositoryName(live.physicalId()).force(true));
        } catch (RepositoryNotFoundException e) {
            // already gone
        }
    }
}
