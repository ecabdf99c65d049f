package dev.yocto.resources.compute.image;

import com.github.dockerjava.api.DockerClient;
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
import dev.yocto.resources.compute.EcrSupport;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * <p>Delete works from what state keeps: the image's registry is the host of its {@code imageUri}.
 * An orphan (no settings, so no repository to look in) goes with its repository, whose deletion
 * takes its images along.
 *
 * <p>On an emulator without Docker (no daemon, or no local registry) it yields a placeholder
 * reference instead, labelled in the output and in its {@code placeholder} attribute, so that
 * {@code --local} deploys the rest; the next run with Docker builds the real image.
 */
public final class BackendImageKind implements Kind<BackendImageKind.Settings> {

    public static final String ID = "ecr:image";
    /** Builds with the Docker daemon the environment names ({@code DOCKER_HOST}, else the socket). */
    public static final BackendImageKind KIND = new BackendImageKind(DockerDaemon.fromEnvironment());
    /** What the task definition runs: the image by digest. */
    public static final Output<String> IMAGE_URI = Output.attribute(ID, "imageUri");
    public static final Output<String> DIGEST = Output.attribute(ID, "digest");
    public static final Output<String> TAG = Output.attribute(ID, "tag");
    public static final Output<String> REPOSITORY = Output.attribute(ID, "repository");
    /** {@code true} when no image was built (an emulator without Docker). */
    public static final Output<String> PLACEHOLDER = Output.attribute(ID, "placeholder");
    private static final String PLACEHOLDER_ID = "placeholder-no-docker";
    private static final String PLACEHOLDER_NO_BASE_ID = "placeholder-no-base-image";
    private static final Duration READ_BACK_TIMEOUT = Duration.ofMinutes(2);

    /**
     * @param build          what it is built from, and the registry override
     * @param repositoryName the ECR repository's name, by which teardown finds the image after its repository
     * @param repositoryUri  the ECR repository's URI, whose host is the registry pushed to without override
     */
    public record Settings(ImageSettings build, String repositoryName, Ref<String> repositoryUri) {
    }

    /** How the daemon is reached: not a setting of the image, the same for every image of a run. */
    private final DockerConnection docker;

    private BackendImageKind(DockerConnection docker) {
        this.docker = docker;
    }

    /** The same kind building through another daemon connection (tests count builds, or have none). */
    public static BackendImageKind using(DockerConnection docker) {
        return new BackendImageKind(docker);
    }

    @Override
    public String id() {
        return ID;
    }

    /**
     * The image in state, else the one of the current content; absent while the repository is. The
     * image in state needs no content hash, so teardown neither builds the jar nor reads the context.
     */
    @Override
    public Optional<Live> observe(Context context, Address address, Optional<Settings> given,
                                  Optional<String> knownId) {
        if (given.isEmpty()) {
            return knownId.map(id -> Live.of(id, Map.of(), Map.of()));
        }
        Settings settings = given.get();
        Optional<String> repositoryUri = context.valueIfResolved(settings.repositoryUri());
        if (repositoryUri.isEmpty()) {
            return knownInOverrideRegistry(context, address, settings, knownId);
        }
        return guarded(address, () -> {
            Destination destination = destination(context, settings, repositoryUri.get());
            try {
                Optional<Live> known = knownId.filter(id -> !isPlaceholder(id)).flatMap(destination::find);
                if (known.isPresent() || !sourcesPresent(settings.build())) {
                    return known; // without sources only the deployed image can be found
                }
                if (knownId.filter(PLACEHOLDER_NO_BASE_ID::equals).isPresent()
                        && !settings.build().buildArgs().containsKey(ImageSettings.BASE_IMAGE_ARG)) {
                    // Building again would fail the same way until YOCTO_BASE_IMAGE names an image.
                    Optional<Live> current = destination.find(contentTag(settings.build()));
                    return current.isPresent() ? current : Optional.of(placeholder(settings.build(), destination,
                            PLACEHOLDER_NO_BASE_ID));
                }
                return observeCurrent(context, address, settings.build(), destination);
            } catch (RegistryUnreachableException e) {
                return Optional.of(placeholderOrThrow(context, address, settings.build(), destination, e));
            }
        });
    }

    private Optional<Live> observeCurrent(Context context, Address address, ImageSettings build,
                                          Destination destination) {
        Optional<Live> current = destination.find(contentTag(build));
        if (current.isPresent() || !context.emulation().placeholderImageWithoutDocker()) {
            return current;
        }
        try (DockerClient ignored = docker.open()) {
            return Optional.empty();
        } catch (DockerUnavailableException e) {
            return Optional.of(placeholderOrThrow(context, address, build, destination, e));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Where the build context is absent (a directory with only {@code yocto.yaml}: a CI runner, a
     * teammate with the state but not the code) the deployed image is what is wanted: it is
     * compared by its presence in the registry alone, and the output says so.
     */
    @Override
    public List<Difference> diff(Context context, Desired<Settings> desired, Live live) {
        ImageSettings build = desired.settings().build();
        if (!sourcesPresent(build)) {
            context.report(desired.address(), "no build context at " + build.directory() + ": compared with the "
                    + "deployed image " + live.attributes().getOrDefault(IMAGE_URI.name(), live.physicalId()));
            return List.of();
        }
        return Kind.super.diff(context, desired, live);
    }

    private static boolean sourcesPresent(ImageSettings build) {
        return java.nio.file.Files.isDirectory(build.directory());
    }

    @Override
    public Map<String, String> desiredFields(Context context, Desired<Settings> desired) {
        return Map.of(TAG.name(), guarded(desired.address(), () -> contentTag(desired.settings().build())));
    }

    @Override
    public Live create(Context context, Desired<Settings> desired) {
        Address address = desired.address();
        ImageSettings build = desired.settings().build();
        return guarded(address, () -> {
            Destination destination = destination(context, desired.settings(),
                    context.value(desired.settings().repositoryUri()));
            try {
                BuildContext buildContext = buildContext(build);
                ImageReference image = destination.image(contentTag(build, buildContext));
                Optional<Live> existing = destination.find(image.tag());
                if (existing.isPresent()) {
                    context.report(address, image.tagged() + " is already in the registry; nothing to build");
                    return existing.get();
                }
                buildAndPush(context, address, build, buildContext, image, destination.credentials());
                return Poll.until(context, address, image.tagged() + " to be readable in the registry",
                        READ_BACK_TIMEOUT, () -> destination.find(image.tag()));
            } catch (DockerUnavailableException | RegistryUnreachableException | BaseImageUnavailableException e) {
                return placeholderOrThrow(context, address, build, destination, e);
            }
        });
    }

    /**
     * On an emulator ({@code --local}) without Docker, a placeholder reference for the image of the
     * current content, labelled in the output and in its attributes, so the rest of the stack
     * deploys; anywhere else the failure itself.
     */
    private static Live placeholderOrThrow(Context context, Address address, ImageSettings build,
                                           Destination destination, ImageException cause) {
        if (!context.emulation().placeholderImageWithoutDocker()) {
            throw cause;
        }
        boolean noBase = cause instanceof BaseImageUnavailableException;
        Live placeholder = placeholder(build, destination, noBase ? PLACEHOLDER_NO_BASE_ID : PLACEHOLDER_ID);
        String fix = noBase ? "set " + ImageSettings.BASE_IMAGE_VARIABLE + " to a local linux/arm64 image with java "
                + "17+ and curl (or give Docker network access)" : "run .ci/setup-docker (a daemon and a registry on "
                + context.emulation().imageRegistry().orElse("127.0.0.1:5000") + ")";
        context.report(address, "PLACEHOLDER image reference " + placeholder.attribute(IMAGE_URI.name())
                + ": the image step needs " + (noBase ? "its base image" : "Docker") + " (" + cause.getMessage()
                + "). The rest of the stack deploys with this placeholder; " + fix
                + " and provision again for the real image.");
        return placeholder;
    }

    private static Live placeholder(ImageSettings build, Destination destination, String id) {
        ImageReference image = destination.image(contentTag(build));
        return Live.of(id, Map.of(IMAGE_URI.name(), image.name() + ":" + id, DIGEST.name(), "", TAG.name(),
                image.tag(), REPOSITORY.name(), image.repository(), PLACEHOLDER.name(), "true"),
                Map.of(TAG.name(), image.tag()));
    }

    private static boolean isPlaceholder(String id) {
        return id.equals(PLACEHOLDER_ID) || id.equals(PLACEHOLDER_NO_BASE_ID);
    }

    /** The content changed: the new image is built and pushed; the old one stays for the tasks that run it. */
    @Override
    public Live update(Context context, Desired<Settings> desired, Live live, List<Difference> differences) {
        return create(context, desired);
    }

    /**
     * From the registry of its {@code imageUri}: BatchDeleteImage in the stack's ECR, the registry
     * API anywhere else (the override registry that stood in for ECR).
     */
    @Override
    public void delete(Context context, Address address, Live live) {
        if ("true".equals(live.attributes().get(PLACEHOLDER.name()))) {
            return;
        }
        if (!live.attributes().containsKey(REPOSITORY.name())) {
            context.report(address, "image " + live.physicalId() + " goes with its repository");
            return;
        }
        guarded(address, () -> {
            String name = live.attribute(REPOSITORY.name());
            String digest = live.attribute(DIGEST.name());
            Registry registry = Registry.ofRepositoryUri(live.attribute(IMAGE_URI.name()));
            if (isStackEcr(context, registry)) {
                try {
                    EcrSupport.client(context).batchDeleteImage(r -> r.repositoryName(name)
                            .imageIds(id -> id.imageDigest(digest)));
                } catch (RepositoryNotFoundException e) {
                    // gone with its repository
                }
                return null;
            }
            requireMayReceiveEcrToken(context, registry.host());
            if (!new RegistryClient(registry, credentials(context)).delete(name, digest)) {
                context.report(address, "the registry " + registry.host() + " does not allow deleting images; "
                        + live.attribute(IMAGE_URI.name()) + " stays there");
            }
            return null;
        });
    }

    private static boolean isStackEcr(Context context, Registry registry) {
        return registry.host().matches("\\d{12}\\.dkr\\.ecr\\." + java.util.regex.Pattern.quote(context.region())
                + "\\.amazonaws\\.com(\\.cn)?");
    }

    private void buildAndPush(Context context, Address address, ImageSettings build, BuildContext buildContext,
                              ImageReference image, RegistryCredentials credentials) {
        Consumer<String> progress = message -> context.report(address, message);
        context.report(address, "building " + image.tagged() + " for " + build.platform() + " from "
                + buildContext.directory() + " (" + buildContext.files().size() + " files, "
                + Mebibytes.of(buildContext.size()) + ")");
        // A build and push is work like an AWS call: it holds one of --parallelism's permits.
        context.aws().permits().acquire();
        try (DockerClient client = docker.open()) {
            ImageBuilder.build(client, buildContext, build.platform(), build.buildArgs(), image.tagged(), progress);
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

    private static Destination destination(Context context, Settings settings, String repositoryUri) {
        Registry registry = registryOverride(context, settings.build()).map(Registry::parse)
                .orElseGet(() -> Registry.ofRepositoryUri(repositoryUri));
        return new Destination(registry, settings.repositoryName(), credentials(context));
    }

    private static Live live(ImageReference image, String digest) {
        return Live.of(image.tag(), Map.of(IMAGE_URI.name(), image.byDigest(digest), DIGEST.name(), digest,
                TAG.name(), image.tag(), REPOSITORY.name(), image.repository(), PLACEHOLDER.name(), "false"),
                Map.of(TAG.name(), image.tag()));
    }

    /**
     * The context as it is: the jar in it was made fresh by the artifacts stage of provision
     * ({@link BackendJar}); plan and status hash what is there and say the jar would be rebuilt.
     */
    private static BuildContext buildContext(ImageSettings build) {
        return BuildContext.scan(build.directory(), build.dockerfile());
    }

    private static String contentTag(ImageSettings build) {
        return contentTag(build, buildContext(build));
    }

    private static String contentTag(ImageSettings build, BuildContext buildContext) {
        return buildContext.contentHash(build.platform(), build.buildArgs());
    }

    /**
     * Teardown observes the image before its repository. Deleting an ECR repository deletes its
     * images, but a registry that stands in for ECR's keeps them: the image in state is found there.
     */
    private static Optional<Live> knownInOverrideRegistry(Context context, Address address, Settings settings,
                                                          Optional<String> knownId) {
        return guarded(address, () -> {
            Optional<String> override = registryOverride(context, settings.build());
            Optional<String> tag = knownId.filter(id -> !isPlaceholder(id));
            if (override.isEmpty() || tag.isEmpty()) {
                return Optional.empty();
            }
            try {
                return new Destination(Registry.parse(override.get()), settings.repositoryName(),
                        credentials(context)).find(tag.get());
            } catch (RegistryUnreachableException e) {
                return Optional.empty();
            }
        });
    }

    /** {@code YOCTO_REGISTRY} first, then the emulator's registry (moto's ECR has none behind it). */
    private static Optional<String> registryOverride(Context context, ImageSettings build) {
        Optional<String> override = build.registry().or(() -> context.emulation().imageRegistry());
        override.ifPresent(host -> requireMayReceiveEcrToken(context, Registry.parse(host).host()));
        return override;
    }

    /**
     * Pushes go with the account's ECR token, which grants every repository of the account: against
     * AWS an override may only be another ECR registry or one on this machine (loopback), never a
     * third party's host; Fargate pulls from ECR with the execution role anyway.
     */
    private static void requireMayReceiveEcrToken(Context context, String registryHost) {
        String host = registryHost.replaceFirst(":\\d+$", "");
        boolean mayReceive = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]")
                || host.matches("\\d{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?");
        if (!mayReceive && !context.emulation().active()) {
            throw new ImageException(ImageSettings.REGISTRY_VARIABLE + "=" + registryHost + " is neither an ECR "
                    + "registry nor on this machine: yocto would send it the account's ECR token. Unset it to push to "
                    + "the stack's ECR repository.");
        }
    }

    /** One GetAuthorizationToken per run: the token is valid for 12 hours. */
    private static RegistryCredentials credentials(Context context) {
        return context.listing("ecr:authorization-token", () -> RegistryCredentials.fromEcr(EcrSupport.client(context)));
    }

    private static <T> T guarded(Address address, Supplier<T> step) {
        try {
            return step.get();
        } catch (ImageException e) {
            throw new ResourceException(address, e.getMessage(), e);
        }
    }
}
