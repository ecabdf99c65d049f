package dev.yocto.resources.compute.image;

import com.github.dockerjava.api.DockerClient;
import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Poll;
import dev.yocto.resources.api.Resource;
import dev.yocto.resources.api.ResourceException;
import dev.yocto.resources.compute.EcrRepositoryKind;
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
 *
 * <p>On an emulator without Docker (no daemon, or no local registry) it yields a placeholder
 * reference instead, labelled in the output and in its {@code placeholder} attribute, so that
 * {@code --local} deploys the rest; the next run with Docker builds the real image.
 */
public final class BackendImageResource implements Resource {

    public static final String IMAGE_URI = "imageUri";
    public static final String DIGEST = "digest";
    public static final String TAG = "tag";
    public static final String REPOSITORY = "repository";
    /** {@code true} when no image was built (an emulator without Docker). */
    public static final String PLACEHOLDER = "placeholder";
    private static final String PLACEHOLDER_ID = "placeholder-no-docker";
    private static final String PLACEHOLDER_NO_BASE_ID = "placeholder-no-base-image";
    private static final Duration READ_BACK_TIMEOUT = Duration.ofMinutes(2);

    private final Address address;
    private final ImageSettings settings;
    private final Address repository;
    private final String repositoryName;
    private final DockerConnection docker;

    public BackendImageResource(Address address, ImageSettings settings, Address repository, String repositoryName,
                                DockerConnection docker) {
        this.address = address;
        this.settings = settings;
        this.repository = repository;
        this.repositoryName = repositoryName;
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

    /**
     * The image in state, else the one of the current content; absent while the repository is. The
     * image in state needs no content hash, so teardown neither builds the jar nor reads the context.
     */
    @Override
    public Optional<Live> observe(Context context, Optional<String> knownId) {
        Optional<Live> repositoryLive = context.resolved(repository);
        if (repositoryLive.isEmpty()) {
            return knownInOverrideRegistry(context, knownId);
        }
        return guarded(() -> {
            Destination destination = destination(context, repositoryLive.get());
            try {
                Optional<Live> known = knownId.filter(id -> !isPlaceholder(id)).flatMap(destination::find);
                if (known.isPresent()) {
                    return known;
                }
                if (knownId.filter(PLACEHOLDER_NO_BASE_ID::equals).isPresent()
                        && !settings.buildArgs().containsKey(ImageSettings.BASE_IMAGE_ARG)) {
                    // Building again would fail the same way until YOCTO_BASE_IMAGE names an image.
                    Optional<Live> current = destination.find(contentTag(buildContext(context)));
                    return current.isPresent() ? current : Optional.of(placeholder(context, destination,
                            PLACEHOLDER_NO_BASE_ID));
                }
                return observeCurrent(context, destination);
            } catch (RegistryUnreachableException e) {
                return Optional.of(placeholderOrThrow(context, destination, e));
            }
        });
    }

    private Optional<Live> observeCurrent(Context context, Destination destination) {
        Optional<Live> current = destination.find(contentTag(buildContext(context)));
        if (current.isPresent() || !context.emulation().placeholderImageWithoutDocker()) {
            return current;
        }
        try (DockerClient ignored = docker.open()) {
            return Optional.empty();
        } catch (DockerUnavailableException e) {
            return Optional.of(placeholderOrThrow(context, destination, e));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public Map<String, String> desiredFields(Context context) {
        return Map.of(TAG, guarded(() -> contentTag(buildContext(context))));
    }

    @Override
    public Live create(Context context) {
        return guarded(() -> {
            Destination destination = destination(context, context.dependency(repository));
            try {
                BuildContext buildContext = buildContext(context);
                ImageReference image = destination.image(contentTag(buildContext));
                Optional<Live> existing = destination.find(image.tag());
                if (existing.isPresent()) {
                    report(context, image.tagged() + " is already in the registry; nothing to build");
                    return existing.get();
                }
                buildAndPush(context, buildContext, image, destination.credentials());
                return Poll.until(context, address, image.tagged() + " to be readable in the registry",
                        READ_BACK_TIMEOUT, () -> destination.find(image.tag()));
            } catch (DockerUnavailableException | RegistryUnreachableException | BaseImageUnavailableException e) {
                return placeholderOrThrow(context, destination, e);
            }
        });
    }

    /**
     * On an emulator ({@code --local}) without Docker, a placeholder reference for the image of the
     * current content, labelled in the output and in its attributes, so the rest of the stack
     * deploys; anywhere else the failure itself.
     */
    private Live placeholderOrThrow(Context context, Destination destination, ImageException cause) {
        if (!context.emulation().placeholderImageWithoutDocker()) {
            throw cause;
        }
        boolean noBase = cause instanceof BaseImageUnavailableException;
        Live placeholder = placeholder(context, destination, noBase ? PLACEHOLDER_NO_BASE_ID : PLACEHOLDER_ID);
        String fix = noBase ? "set " + ImageSettings.BASE_IMAGE_VARIABLE + " to a local linux/arm64 image with java "
                + "17+ and curl (or give Docker network access)" : "run .ci/setup-docker (a daemon and a registry on "
                + context.emulation().imageRegistry().orElse("127.0.0.1:5000") + ")";
        report(context, "PLACEHOLDER image reference " + placeholder.attribute(IMAGE_URI) + ": the image step needs "
                + (noBase ? "its base image" : "Docker") + " (" + cause.getMessage() + "). The rest of the stack "
                + "deploys with this placeholder; " + fix + " and provision again for the real image.");
        return placeholder;
    }

    private Live placeholder(Context context, Destination destination, String id) {
        ImageReference image = destination.image(contentTag(buildContext(context)));
        return Live.of(id, Map.of(IMAGE_URI, image.name() + ":" + id, DIGEST, "", TAG, image.tag(), REPOSITORY,
                image.repository(), PLACEHOLDER, "true"), Map.of(TAG, image.tag()));
    }

    private static boolean isPlaceholder(String id) {
        return id.equals(PLACEHOLDER_ID) || id.equals(PLACEHOLDER_NO_BASE_ID);
    }

    /** The content changed: the new image is built and pushed; the old one stays for the tasks that run it. */
    @Override
    public Live update(Context context, Live live, List<Difference> differences) {
        return create(context);
    }

    @Override
    public void delete(Context context, Live live) {
        if ("true".equals(live.attributes().get(PLACEHOLDER))) {
            return;
        }
        guarded(() -> {
            String name = live.attribute(REPOSITORY);
            String digest = live.attribute(DIGEST);
            Optional<String> override = registryOverride(context);
            if (override.isEmpty()) {
                try {
                    EcrSupport.client(context).batchDeleteImage(r -> r.repositoryName(name)
                            .imageIds(id -> id.imageDigest(digest)));
                } catch (RepositoryNotFoundException e) {
                    // gone with its repository
                }
                return null;
            }
            Registry registry = Registry.parse(override.get());
            if (!new RegistryClient(registry, credentials(context)).delete(name, digest)) {
                report(context, "the registry " + registry.host() + " does not allow deleting images; "
                        + live.attribute(IMAGE_URI) + " stays there");
            }
            return null;
        });
    }

    private void buildAndPush(Context context, BuildContext buildContext, ImageReference image,
                              RegistryCredentials credentials) {
        Consumer<String> progress = message -> report(context, message);
        report(context, "building " + image.tagged() + " for " + settings.platform() + " from "
                + buildContext.directory() + " (" + buildContext.files().size() + " files, "
                + Mebibytes.of(buildContext.size()) + ")");
        // A build and push is work like an AWS call: it holds one of --parallelism's permits.
        context.aws().permits().acquire();
        try (DockerClient client = docker.open()) {
            ImageBuilder.build(client, buildContext, settings.platform(), settings.buildArgs(), image.tagged(), progress);
            ImagePusher.push(client, image, credentials, progress);
        } catch (IOException e) {
            throw new ImageException("closing the Docker client failed: " + e.getMessage(), e);
        } finally {
            context.aws().permits().release();
        }
    }

    /** Where the images go: the repository in its registry (or the override), with the credentials. */
    private record Destination(Registry registry, String repository, RegistryCredentials credentials,
                               RegistryClient client) {

        Destination(Registry registry, String repository, RegistryCredentials credentials) {
            this(registry, repository, credentials, new RegistryClient(registry, credentials));
        }

        ImageReference image(String tag) {
            return new ImageReference(registry.host(), repository, tag);
        }

        Optional<Live> find(String tag) {
            return client.digest(repository, tag).map(digest -> live(image(tag), digest));
        }
    }

    private Destination destination(Context context, Live repositoryLive) {
        Registry registry = registryOverride(context).map(Registry::parse)
                .orElseGet(() -> Registry.ofRepositoryUri(repositoryLive.attribute(EcrRepositoryKind.URI.name())));
        return new Destination(registry, repositoryLive.attribute(EcrRepositoryKind.NAME.name()), credentials(context));
    }

    private static Live live(ImageReference image, String digest) {
        return Live.of(image.tag(), Map.of(IMAGE_URI, image.byDigest(digest), DIGEST, digest, TAG, image.tag(),
                REPOSITORY, image.repository(), PLACEHOLDER, "false"), Map.of(TAG, image.tag()));
    }

    /**
     * The context as it is: the jar in it was made fresh by the artifacts stage of provision
     * ({@link BackendJar}); plan and status hash what is there and say the jar would be rebuilt.
     */
    private BuildContext buildContext(Context context) {
        return BuildContext.scan(settings.directory(), settings.dockerfile());
    }

    private String contentTag(BuildContext buildContext) {
        return buildContext.contentHash(settings.platform(), settings.buildArgs());
    }

    /** {@code YOCTO_REGISTRY} first, then the emulator's registry (moto's ECR has none behind it). */
    /**
     * Teardown observes the image before its repository. Deleting an ECR repository deletes its
     * images, but a registry that stands in for ECR's keeps them: the image in state is found there.
     */
    private Optional<Live> knownInOverrideRegistry(Context context, Optional<String> knownId) {
        return guarded(() -> {
            Optional<String> override = registryOverride(context);
            Optional<String> tag = knownId.filter(id -> !isPlaceholder(id));
            if (override.isEmpty() || tag.isEmpty()) {
                return Optional.empty();
            }
            try {
                return new Destination(Registry.parse(override.get()), repositoryName, credentials(context))
                        .find(tag.get());
            } catch (RegistryUnreachableException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * Pushes go with the account's ECR token, which grants every repository of the account: against
     * AWS an override may only be another ECR registry or one on this machine (loopback), never a
     * third party's host; Fargate pulls from ECR with the execution role anyway.
     */
    private Optional<String> registryOverride(Context context) {
        Optional<String> override = settings.registry().or(() -> context.emulation().imageRegistry());
        if (override.isPresent() && !context.emulation().active() && !mayReceiveEcrToken(Registry.parse(override.get()))) {
            throw new ImageException(ImageSettings.REGISTRY_VARIABLE + "=" + override.get() + " is neither an ECR "
                    + "registry nor on this machine: yocto would send it the account's ECR token. Unset it to push to "
                    + "the stack's ECR repository.");
        }
        return override;
    }

    private static boolean mayReceiveEcrToken(Registry registry) {
        String host = registry.host().replaceFirst(":\\d+$", "");
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]")
                || host.matches("\\d{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?");
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
