package dev.yocto.resources.compute;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Resource;
import dev.yocto.resources.api.ResourceException;
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
 * The ECR repository of the backend image: scan on push, immutable tags (every tag is a content
 * hash, so rewriting one would be a mistake), the stack's tags in the create call.
 *
 * <p>Teardown deletes it with every image in it, with or without {@code --delete-data}: images are
 * build outputs that the next provision makes again from {@code app/}, not data.
 */
public final class EcrRepositoryResource implements Resource {

    /** Its attributes, for the image and the task definition. */
    public static final String NAME = "name";
    public static final String URI = "uri";
    public static final String REGISTRY_ID = "registryId";

    public record Settings(String name, boolean scanOnPush, ImageTagMutability tagMutability) {
    }

    private final Address address;
    private final Settings settings;

    public EcrRepositoryResource(Address address, String name) {
        this.address = address;
        this.settings = new Settings(name, true, ImageTagMutability.IMMUTABLE);
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public String kind() {
        return "ecr:repository";
    }

    @Override
    public Set<Address> dependencies() {
        return Set.of();
    }

    @Override
    public Settings settings() {
        return settings;
    }

    /**
     * By name: repository names are unique per account and region, and this one is derived from the
     * stack. Found without state, it must carry this stack's tag: another owner's repository is a conflict.
     */
    @Override
    public Optional<Live> observe(Context context, Optional<String> knownId) {
        EcrClient ecr = EcrSupport.client(context);
        Optional<Repository> known = knownId.flatMap(name -> describe(ecr, name));
        if (known.isPresent()) {
            return known.map(r -> live(r, tags(ecr, r)));
        }
        return describe(ecr, settings.name()).map(r -> ours(context, r, tags(ecr, r)));
    }

    private Live ours(Context context, Repository repository, Map<String, String> tags) {
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
                NAME, repository.repositoryName(),
                URI, repository.repositoryUri(),
                REGISTRY_ID, repository.registryId(),
                "arn", repository.repositoryArn()), observed);
    }


    private List<Tag> tags(Context context) {
        return context.tags(address).entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    /** CreateRepository has no idempotency token: a create retried after a crash finds the repository and adopts it. */
    @Override
    public Live create(Context context) {
        EcrClient ecr = EcrSupport.client(context);
        try {
            Repository created = ecr.createRepository(r -> r.repositoryName(settings.name())
                    .imageScanningConfiguration(c -> c.scanOnPush(settings.scanOnPush()))
                    .imageTagMutability(settings.tagMutability())
                    .tags(tags(context))).repository();
            return live(ecr, created);
        } catch (RepositoryAlreadyExistsException e) {
            Live existing = describe(ecr, settings.name()).map(r -> ours(context, r, tags(ecr, r)))
                    .orElseThrow(() -> e);
            List<Difference> differences = diff(context, existing);
            return differences.isEmpty() ? existing : update(context, existing, differences);
        }
    }

    @Override
    public Map<String, String> desiredFields(Context context) {
        return Map.of("scanOnPush", String.valueOf(settings.scanOnPush()),
                "tagMutability", settings.tagMutability().toString(),
                "tags", Tags.ours(context.tags(address)));
    }

    @Override
    public Live update(Context context, Live live, List<Difference> differences) {
        EcrClient ecr = EcrSupport.client(context);
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
            ecr.tagResource(r -> r.resourceArn(live.arn()).tags(tags(context)));
        }
        return describe(ecr, name).map(r -> live(ecr, r)).orElse(live);
    }

    /** With its images ({@code force}): they are rebuilt from the sources on the next provision. */
    @Override
    public void delete(Context context, Live live) {
        try {
            EcrSupport.client(context).deleteRepository(r -> r.repositoryName(live.physicalId()).force(true));
        } catch (RepositoryNotFoundException e) {
            // already gone
        }
    }
}
