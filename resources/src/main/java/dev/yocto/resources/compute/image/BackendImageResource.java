package dev.yocto.resources.compute.image;

import com.github.dockerjava.api.DockerClient;
import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Poll;
import dev.yocto.resources.api.Resource;
import dev.yocto.resources.api.ResourceException;
import dev.yocto.resources.compute.EcrRepositoryResource;
import dev.yocto.resources.compute.EcrSupport;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/**
 * The backend image in the ECR repository, tagged with the content hash of its build context.
 * Observe asks the registry itself whether it holds that tag, so unchanged content means no build
 * and no push. Create builds the context for the platform with the Docker daemon and pushes it
 * with ECR's credentials. Its attributes give the task definition the image by digest.
 *
 * <p>The physical id is the tag. When the content changes, the image of the old tag is still
 * observed (by the id in state) and differs in {@code tag}: an update, which builds and pushes the
 * new one and leaves the old one for running tasks.
 */
public final class BackendImageResource implements Resource {

    public static final String IMAGE_URI = "imageUri";
    public static final String DIGEST = "digest";
    public static final String TAG = "tag";
    public static final String REPOSITORY = "repository";
    private static final Duration READ_BACK_TIMEOUT = Duration.ofMinutes(2);

    private final Address address;
    private final ImageSettings settings;
    private final Address repository;
    private final DockerConnection docker;

    public BackendImageResource(Address address, ImageSettings settings, Address repository, DockerConnection docker) {
        this.address = address;
        this.settings = settings;
        this.repository = repository;
        this.docker = docker;
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public String kind() {
        return "ecr:image";
    }

    @Override
    public Set<Address> dependencies() {
        return Set.of(repository);
    }

    @Override
    public ImageSettings settings() {
        return settings;
    }

    /** The image of the current content; else the one in state; absent while the repository is. */
    @Override
    public Optional<Live> observe(Context context, Optional<String> knownId) {
        Optional<Live> repositoryLive = context.resolved(repository);
        if (repositoryLive.isEmpty()) {
            return Optional.empty();
        }
        return guarded(() -> {
            Target target = target(context, repositoryLive.get());
            Optional<Live> current = find(target, target.image());
            if (current.isPresent() || knownId.isEmpty() || knownId.get().equals(target.image().tag())) {
                return current;
            }
            return find(target, target.image().withTag(knownId.get()));
        });
    }

    @Override
    public Map<String, String> desiredFields(Context context) {
        return Map.of(TAG, guarded(() -> contentTag(buildContext(context))));
    }

    @Override
    public Live create(Context context) {
        return guarded(() -> {
            Target target = target(context, context.dependency(repository));
            Optional<Live> existing = find(target, target.image());
            if (existing.isPresent()) {
                report(context, target.image().tagged() + " is already in the registry; nothing to build");
                return existing.get();
            }
            buildAndPush(context, target);
            return Poll.until(context, address, target.image().tagged() + " to be readable in the registry",
                    READ_BACK_TIMEOUT, () -> find(target, target.image()));
        });
    }

    /** The content changed: the new image is built and pushed; the old one stays for the tasks that run it. */
    @Override
    public Live update(Context context, Live live, List<Difference> differences) {
        return create(context);
    }

    @Override
    public void delete(Context context, Live live) {
        guarded(() -> {
            String name = live.attribute(REPOSITORY);
            String digest = live.attribute(DIGEST);
            if (registryOverride(context).isEmpty()) {
                try {
                    EcrSupport.client(context).batchDeleteImage(r -> r.repositoryName(name)
                            .imageIds(id -> id.imageDigest(digest)));
                } catch (RepositoryNotFoundException e) {
                    // gone with its repository
                }
                return null;
            }
            Registry registry = Registry.ofRepositoryUri(live.attribute(IMAGE_URI));
            if (!new RegistryClient(registry, credentials(context)).delete(name, digest)) {
                report(context, "the registry " + registry.host() + " does not allow deleting images; "
                        + live.attribute(IMAGE_URI) + " stays there");
            }
            return null;
        });
    }

    private void buildAndPush(Context context, Target target) {
        Consumer<String> progress = message -> report(context, message);
        report(context, "building " + target.image().tagged() + " for " + settings.platform() + " from "
                + target.context().directory() + " (" + target.context().files().size() + " files, "
                + Mebibytes.of(target.context().size()) + ")");
        try (DockerClient client = docker.open()) {
            ImageBuilder.build(client, target.context(), settings.platform(), settings.buildArgs(),
                    target.image().tagged(), progress);
            ImagePusher.push(client, target.image(), target.credentials(), progress);
        } catch (IOException e) {
            throw new ImageException("closing the Docker client failed: " + e.getMessage(), e);
        }
    }

    /** Where the image of the current content goes, with what it is built from and the credentials. */
    private record Target(ImageReference image, BuildContext context, RegistryClient registry,
                          RegistryCredentials credentials) {
    }

    private Target target(Context context, Live repositoryLive) {
        BuildContext buildContext = buildContext(context);
        Registry registry = registryOverride(context).map(Registry::parse)
                .orElseGet(() -> Registry.ofRepositoryUri(repositoryLive.attribute(EcrRepositoryResource.URI)));
        ImageReference image = new ImageReference(registry.host(), repositoryLive.attribute(EcrRepositoryResource.NAME),
                contentTag(buildContext));
        RegistryCredentials credentials = credentials(context);
        return new Target(image, buildContext, new RegistryClient(registry, credentials), credentials);
    }

    private Optional<Live> find(Target target, ImageReference image) {
        return target.registry().digest(image.repository(), image.tag()).map(digest -> live(image, digest));
    }

    private static Live live(ImageReference image, String digest) {
        return Live.of(image.tag(), Map.of(IMAGE_URI, image.byDigest(digest), DIGEST, digest, TAG, image.tag(),
                REPOSITORY, image.repository()), Map.of(TAG, image.tag()));
    }

    /** The jar made fresh first (when the context is a Maven module), so that the hash describes the code. */
    private BuildContext buildContext(Context context) {
        settings.mavenArtifact().ifPresent(artifact -> MavenArtifact.ensureFresh(settings.directory(), artifact,
                message -> report(context, message)));
        return BuildContext.scan(settings.directory(), settings.dockerfile());
    }

    private String contentTag(BuildContext buildContext) {
        return buildContext.contentHash(settings.platform(), settings.buildArgs());
    }

    /** {@code YOCTO_REGISTRY} first, then the emulator's registry (moto's ECR has none behind it). */
    private Optional<String> registryOverride(Context context) {
        return settings.registry().or(() -> context.emulation().imageRegistry());
    }

    /** One GetAuthorizationToken per run: the token is valid for 12 hours. */
    private static RegistryCredentials credentials(Context context) {
        return context.listing("ecr:authorization-token", () -> RegistryCredentials.fromEcr(EcrSupport.client(context)));
    }

    private void report(Context context, String message) {
        context.report(address, message);
    }

    private <T> T guarded(Supplier<T> step) {
        try {
            return step.get();
        } catch (ImageException e) {
            throw new ResourceException(address, e.getMessage(), e);
        }
    }
}
