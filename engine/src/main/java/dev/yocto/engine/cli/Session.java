package dev.yocto.engine.cli;

import dev.yocto.emulator.behaviour.AwsBehaviour;
import dev.yocto.emulator.behaviour.Settings;
import dev.yocto.engine.aws.CallCounter;
import dev.yocto.engine.local.EmulatorProfile;
import dev.yocto.engine.local.LocalEmulator;
import dev.yocto.engine.local.LocalStackInDocker;
import dev.yocto.engine.plan.Executor;
import dev.yocto.engine.plan.Plan;
import dev.yocto.engine.plan.Planner;
import dev.yocto.engine.plan.SavedPlan;
import dev.yocto.engine.plan.StateKeeper;
import dev.yocto.engine.progress.Event;
import dev.yocto.engine.progress.LineProgress;
import dev.yocto.engine.progress.Progress;
import dev.yocto.engine.progress.TerminalProgress;
import dev.yocto.engine.progress.TerminalWidth;
import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.AwsClients;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Emulation;
import dev.yocto.resources.api.Artifact;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Permits;
import dev.yocto.resources.config.ConfigLoader;
import dev.yocto.resources.config.StackConfig;
import dev.yocto.resources.api.DataSafety;
import dev.yocto.resources.topology.Layer;
import dev.yocto.resources.topology.NetworkLayer;
import dev.yocto.resources.topology.Topology;
import dev.yocto.state.ResourceRecord;
import dev.yocto.state.StackState;
import dev.yocto.state.StateBackend;
import dev.yocto.state.StateStore;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;

/**
 * One command's setup, in the order that keeps bad input away from AWS: flags, configuration and
 * layers are checked first, then the emulator is started if asked for, the state is locked and
 * read, and only then are clients made.
 */
final class Session implements AutoCloseable {

    static final String WALKER_VARIABLE = "YOCTO_BENCH_WALKER";

    final GlobalOptions options;
    final Invocation io;
    final StackConfig config;
    /** The layers asked for with every layer they build on: what plan, provision and status cover. */
    final Set<Layer> layers;
    /** The layers asked for with every layer built on them: what teardown removes. */
    final Set<Layer> teardownLayers;
    final StateLocation stateLocation;
    final long startedNanos = System.nanoTime();
    final CallCounter calls = new CallCounter();
    private StateStore store;
    private StateBackend.Lock lock;
    private StateKeeper keeper;
    private AwsClients aws;
    private Context context;
    private Progress progress;
    private boolean emulated;
    private StackConfig zoned;
    private Optional<AwsBehaviour> behaviour = Optional.empty();
    private EmulatorProfile emulator = EmulatorProfile.AWS;

    private Session(GlobalOptions options, Invocation io) {
        this.options = options;
        this.io = io;
        validateFlags(options);
        this.config = ConfigLoader.load(configFile(options, io), Optional.ofNullable(options.region),
                defaultRegion(options, io), home(io));
        this.layers = Topology.withDependencies(chosenLayers(options.only));
        this.teardownLayers = Topology.withDependents(chosenLayers(options.only));
        this.stateLocation = StateLocation.of(options, config, io.workingDirectory());
    }

    /** Checks flags and configuration only; no state, no AWS. */
    static Session offline(GlobalOptions options, Invocation io) {
        return new Session(options, io);
    }

    /** Everything a command that talks to AWS needs; {@code lockFor} names the command when it writes state. */
    static Session connected(GlobalOptions options, Invocation io, Optional<String> lockFor) {
        Session session = new Session(options, io);
        try {
            session.connect(lockFor);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        return session;
    }

    private void connect(Optional<String> lockFor) {
        clients();
        if (lockFor.isPresent()) {
            lock = store().backend().lock(lockFor.get());
        }
        StackState state = store().load(config.stack(), config.region())
                .or(() -> StateMigration.offer(this, lockFor.isPresent()))
                .orElseGet(() -> StackState.empty(config.stack(), config.region()));
        keeper = new StateKeeper(store, state);
        Emulation emulation = behaviour.filter(b -> b.settings().timeModel()).isPresent()
                ? emulator.emulation().withAdvancingDeployments() : emulator.emulation();
        context = new Context(config.stack(), config.region(), aws, emulation,
                (address, message) -> progress.accept(Event.progress(address, message)))
                .keeping(this::attributesInState);
    }

    /**
     * The SDK clients of this command, made on first use: after the emulator is started if asked
     * for; no call is made here.
     */
    AwsClients clients() {
        if (aws == null) {
            if (progress == null) {
                progress = newProgress();
            }
            Optional<URI> endpoint = Optional.empty();
            if (options.local() && options.localStack()) {
                endpoint = Optional.of(new LocalStackInDocker(io.workingDirectory().resolve(".yocto/local"))
                        .ensureRunning(progress::note));
            } else if (options.local()) {
                endpoint = Optional.of(new LocalEmulator(io.workingDirectory().resolve(".yocto/local"))
                        .ensureRunning(progress::note));
            } else if (options.endpointUrl != null) {
                endpoint = Optional.of(URI.create(options.endpointUrl));
            }
            emulated = endpoint.isPresent();
            emulator = endpoint.map(EmulatorProfile::at).orElse(EmulatorProfile.AWS);
            List<ExecutionInterceptor> interceptors = new ArrayList<>();
            interceptors.add(calls);
            interceptors.addAll(io.interceptors());
            Optional<AwsBehaviour> fromEnvironment = behaviour();
            fromEnvironment.ifPresent(interceptors::add);
            // A profile a test passes in-process counts as well: its time model makes deployments wait.
            behaviour = fromEnvironment.or(() -> io.interceptors().stream().filter(AwsBehaviour.class::isInstance)
                    .map(AwsBehaviour.class::cast).findFirst());
            Permits permits = fixedPool() ? Permits.UNBOUNDED : new Permits(options.parallelism());
            aws = new AwsClients(Region.of(config.region()), endpoint, credentials(), interceptors, permits,
                    emulator.emulation().retryBackoffScale());
        }
        return aws;
    }

    /** The state of this stack, wherever it is kept; a state in S3 makes the clients. */
    StateStore store() {
        if (store == null) {
            store = new StateStore(stateLocation.open(config, this::clients));
        }
        return store;
    }

    /**
     * The emulator's AWS behaviour profile when {@code YOCTO_AWS_BEHAVIOUR} asks for it (README,
     * "AWS behaviour on the emulator"); against AWS the variable is refused, never applied.
     */
    private Optional<AwsBehaviour> behaviour() {
        Optional<AwsBehaviour> behaviour;
        try {
            behaviour = AwsBehaviour.fromEnvironment(io.env());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (behaviour.isPresent() && !emulated) {
            throw new UsageException(Settings.VARIABLE + " gives an emulator AWS's manners; it needs --local or "
                    + "--endpoint-url");
        }
        behaviour.ifPresent(b -> progress.note("AWS behaviour profile on: " + b.settings().describe()));
        return behaviour;
    }

    private AwsCredentialsProvider credentials() {
        if (emulated) {
            // Emulators accept any key; real credentials are never sent to them.
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        }
        AwsProfiles profiles = new AwsProfiles(io.env());
        return profiles.chosen(options.profile).map(profiles::credentials)
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
    }

    private Progress newProgress() {
        if (options.quiet()) {
            return Progress.SILENT;
        }
        PrintWriter target = options.json() ? io.err() : io.out();
        if (io.terminal() && !options.json()) {
            boolean color = !Boolean.TRUE.equals(options.noColor) && !io.env().containsKey("NO_COLOR");
            return new TerminalProgress(target, color, TerminalWidth.of(io.env()));
        }
        return new LineProgress(target, options.verbose());
    }

    /** The planner of the layers plan, provision and status cover. */
    Planner planner() {
        return planner(DataSafety.keepData(), layers);
    }

    /**
     * Over the given layers (e.g. {@link #teardownLayers}) less those the emulator cannot hold, with
     * the rules deletions in the data layer follow (teardown's --delete-data, --skip-final-snapshot).
     */
    Planner planner(DataSafety safety, Set<Layer> over) {
        List<Desired<?>> resources = Topology.resources(zoned(), present(over, over == teardownLayers), io.env());
        return new Planner(resources, Topology.kinds(), context.withSafety(safety), keeper, options.parallelism());
    }

    /** The artifacts of the covered layers that are older than their sources, with why. */
    Map<Artifact, String> staleArtifacts() {
        Map<Artifact, String> stale = new java.util.LinkedHashMap<>();
        Set<Layer> here = EnumSet.copyOf(layers);
        here.removeAll(Topology.absentOn(emulator.emulation()));
        Topology.artifacts(config, here, io.env())
                .forEach(artifact -> artifact.staleReason().ifPresent(reason -> stale.put(artifact, reason)));
        return stale;
    }

    /** Provision's stage before the graph: builds every stale artifact (the resources only read them). */
    void buildArtifacts() {
        staleArtifacts().forEach((artifact, reason) -> {
            long started = System.nanoTime();
            progress.accept(Event.started(artifact.address(), "building " + artifact.name() + " (" + reason + ")"));
            try {
                artifact.build(context);
            } catch (RuntimeException e) {
                progress.accept(Event.failed(artifact.address(), Executor.message(e),
                        java.time.Duration.ofNanos(System.nanoTime() - started)));
                throw e;
            }
            progress.accept(Event.finished(artifact.address(), "built " + artifact.name(),
                    java.time.Duration.ofNanos(System.nanoTime() - started)));
        });
    }

    /**
     * Plan and status build nothing: they say what provision would rebuild, or, where the sources
     * are absent, that what was deployed is compared instead.
     */
    void noteStaleArtifacts() {
        staleArtifacts().forEach((artifact, reason) -> progress.note(artifact.sourcesPresent()
                ? "would rebuild " + artifact.name() + ": " + reason + " (provision builds it; until then the plan "
                + "compares what is built now)"
                : "no sources for " + artifact.address() + " here (" + reason + "): it is compared with what was "
                + "deployed, not with the sources"));
    }

    /** What the chosen layers' orphans are planned as; layers included only as dependencies have none. */
    Planner.Scope scope(boolean deleteData) {
        Set<Layer> chosen = EnumSet.copyOf(chosenLayers(options.only));
        chosen.removeAll(Topology.absentOn(emulator.emulation()));
        return new Planner.Scope(ids(chosen), deleteData);
    }

    /** The plan as {@code plan --out} saves it and {@code provision FILE} compares it. */
    SavedPlan saved(Plan plan, boolean deleteData) {
        List<String> only = options.only == null ? List.of() : options.only.stream().sorted().toList();
        return SavedPlan.of(plan, config.stack(), config.region(), only, deleteData);
    }

    static Set<String> ids(Set<Layer> layers) {
        return layers.stream().map(Layer::id).collect(java.util.stream.Collectors.toSet());
    }

    Executor executor(Planner planner) {
        return new Executor(planner, progress, fixedPool());
    }

    /**
     * True when {@value #WALKER_VARIABLE}={@code fixed-pool} asks for the walker of before issue 12
     * (a fixed pool of --parallelism threads, calls unbounded): for the timing benchmark's "before"
     * figures only, undocumented in the help on purpose.
     */
    private boolean fixedPool() {
        return "fixed-pool".equals(io.env().get(WALKER_VARIABLE));
    }

    /** What state keeps of a resource's attributes (empty when it has no record). */
    private Map<String, String> attributesInState(Address address) {
        return keeper.record(address).map(ResourceRecord::attributes).orElse(Map.of());
    }

    /**
     * The configuration in its zones: those named in {@code yocto.yaml}, else those the stack's
     * subnets are in (state), else the region's first two available zones (by name) that need no
     * opt-in, from DescribeAvailabilityZones.
     */
    private StackConfig zoned() {
        if (config.zonesNamed()) {
            return config;
        }
        if (zoned == null) {
            zoned = config.withAvailabilityZones(NetworkLayer.zonesInState(this::attributesInState)
                    .orElseGet(this::availableZones));
        }
        return zoned;
    }

    private List<String> availableZones() {
        List<String> zones = clients().ec2().describeAvailabilityZones(r -> r.filters(
                        f -> f.name("state").values("available"),
                        f -> f.name("zone-type").values("availability-zone"),
                        f -> f.name("opt-in-status").values("opt-in-not-required")))
                .availabilityZones().stream().map(AvailabilityZone::zoneName).sorted().limit(2).toList();
        if (zones.size() < 2) {
            throw new UsageException("region " + config.region() + " offers " + zones.size() + " availability "
                    + "zone(s) to this account; name two in 'availabilityZones' in yocto.yaml");
        }
        return zones;
    }

    /**
     * {@code over} without the layers that cannot exist on this emulator (it lacks a service they
     * call), saying so. Naming such a layer with {@code --only} to build it is refused; teardown
     * has nothing of it to remove.
     */
    private Set<Layer> present(Set<Layer> over, boolean tearingDown) {
        Set<Layer> absentHere = Topology.absentOn(emulator.emulation());
        Set<Layer> absent = EnumSet.noneOf(Layer.class);
        over.stream().filter(absentHere::contains).forEach(absent::add);
        if (absent.isEmpty()) {
            return over;
        }
        Set<Layer> present = EnumSet.copyOf(over);
        present.removeAll(absent);
        String lacking = absent.stream().map(layer -> layer.id() + " lacks " + String.join(", ",
                new TreeSet<>(layer.services().stream().filter(s -> !emulator.emulation().offers(s)).toList())))
                .map(text -> text.endsWith("lacks ") ? text + "the layers it builds on" : text)
                .collect(Collectors.joining("; "));
        String reason = emulator.name() + " does not offer every service yocto needs (" + lacking
                + "; calls to them answer 501)";
        List<String> named = options.only == null ? List.of() : options.only.stream()
                .filter(id -> absent.contains(Layer.parse(id).orElseThrow())).toList();
        if (!tearingDown && !named.isEmpty()) {
            Set<Layer> possible = EnumSet.allOf(Layer.class);
            possible.removeAll(absentHere);
            throw new RefusedException(reason + ", so --only " + String.join(",", named) + " cannot be built there. "
                    + "Layers it can hold: " + layerList(possible) + "; run against AWS or moto (--local) for the rest.");
        }
        boolean one = absent.size() == 1;
        progress.note(reason + ": the " + layerList(absent) + (one ? " layer cannot" : " layers cannot")
                + " exist there" + (tearingDown ? ", so there is nothing of " + (one ? "it" : "them") + " to remove."
                : (one ? " and is" : " and are") + " left out; this run covers " + layerList(present) + "."));
        return present;
    }

    private static String layerList(Set<Layer> layers) {
        return layers.isEmpty() ? "no" : layers.stream().map(Layer::id).collect(Collectors.joining(", "));
    }

    boolean emulated() {
        return emulated;
    }

    Progress progress() {
        return progress;
    }

    /** The attributes state keeps of a resource; empty when it has none. */
    java.util.Map<String, String> attributes(dev.yocto.resources.api.Address address) {
        return keeper.record(address).map(record -> record.attributes()).orElse(java.util.Map.of());
    }

    StateKeeper state() {
        return keeper;
    }

    double seconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static void validateFlags(GlobalOptions options) {
        List<String> problems = new ArrayList<>();
        if (options.parallelism != null && (options.parallelism < 1 || options.parallelism > 64)) {
            problems.add("--parallelism must be between 1 and 64, got " + options.parallelism);
        }
        if (options.local() && options.endpointUrl != null) {
            problems.add("--local and --endpoint-url exclude each other: --local starts yocto's own emulator");
        }
        if (options.emulator != null && !List.of("moto", "localstack").contains(options.emulator)) {
            problems.add("--emulator must be moto or localstack, got '" + options.emulator + "'");
        } else if (options.emulator != null && !options.local()) {
            problems.add("--emulator chooses the emulator --local starts; add --local (with --endpoint-url yocto "
                    + "recognises LocalStack by itself)");
        }
        if (options.endpointUrl != null) {
            try {
                URI uri = URI.create(options.endpointUrl);
                if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
                    problems.add("--endpoint-url must be an http(s) URL like http://localhost:4566, got '"
                            + options.endpointUrl + "'");
                }
            } catch (IllegalArgumentException e) {
                problems.add("--endpoint-url is not a URL: '" + options.endpointUrl + "'");
            }
        }
        if (options.state != null) {
            StateLocation.problem(options.state).ifPresent(problems::add);
        }
        if (options.only != null) {
            for (String layer : options.only) {
                if (Layer.parse(layer).isEmpty()) {
                    problems.add("--only: unknown layer '" + layer + "' (layers: dns, network, data, compute)");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new UsageException(String.join("\n", problems));
        }
    }

    private static Set<Layer> chosenLayers(List<String> only) {
        if (only == null || only.isEmpty()) {
            return EnumSet.allOf(Layer.class);
        }
        EnumSet<Layer> chosen = EnumSet.noneOf(Layer.class);
        only.forEach(id -> chosen.add(Layer.parse(id).orElseThrow()));
        return chosen;
    }

    /**
     * Yocto's own folder, whose {@code app/} and {@code web/} are built when the configuration names
     * none: where the launcher runs from ({@code -Dyocto.home}), else the working directory.
     */
    private static Path home(Invocation io) {
        String home = System.getProperty("yocto.home");
        return home == null || home.isBlank() ? io.workingDirectory() : Path.of(home);
    }

    private static Optional<Path> configFile(GlobalOptions options, Invocation io) {
        if (options.config != null) {
            return Optional.of(io.workingDirectory().resolve(options.config));
        }
        Path implicit = io.workingDirectory().resolve("yocto.yaml");
        return Files.isRegularFile(implicit) ? Optional.of(implicit) : Optional.empty();
    }

    /** As the AWS CLI: AWS_REGION, AWS_DEFAULT_REGION, then the region of the chosen profile. */
    static String defaultRegion(GlobalOptions options, Invocation io) {
        for (String variable : List.of("AWS_REGION", "AWS_DEFAULT_REGION")) {
            String value = io.env().get(variable);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        AwsProfiles profiles = new AwsProfiles(io.env());
        return profiles.chosen(options.profile).flatMap(profiles::region).orElse("us-west-2");
    }

    @Override
    public void close() {
        if (progress != null) {
            behaviour.ifPresent(b -> progress.note("AWS behaviour profile: " + b.counts()));
            progress.close();
        }
        try {
            if (lock != null) {
                lock.close();
            }
        } finally {
            if (aws != null) {
                aws.close();
            }
        }
    }
}
