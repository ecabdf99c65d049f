package dev.yocto.resources.compute;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.AwsClients;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Kind;
import dev.yocto.resources.api.Emulation;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Permits;
import dev.yocto.resources.config.ConfigLoader;
import dev.yocto.resources.config.StackConfig;
import dev.yocto.resources.topology.ComputeLayer;
import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.Emulators;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Runs of handlers against the emulator as the reconciler drives them, without the engine: a fresh
 * {@link Context} per run, and converge = observe, then create, or diff and update.
 */
public final class Runs {

    private final AwsEmulator emulator;
    private final String stack;
    private final AwsClients aws;
    public final List<String> reports = new CopyOnWriteArrayList<>();

    public Runs(AwsEmulator emulator, String stack) {
        this(emulator, stack, List.of());
    }

    /** Runs whose calls pass through {@code interceptors} (e.g. the AWS behaviour profile), retried as yocto's are. */
    public Runs(AwsEmulator emulator, String stack, List<ExecutionInterceptor> interceptors) {
        this.emulator = emulator;
        this.stack = stack;
        this.aws = new AwsClients(emulator.region(), Optional.of(emulator.endpoint()), emulator.credentials(),
                interceptors, Permits.UNBOUNDED, Emulation.EMULATOR.retryBackoffScale());
    }

    /** A new run with the emulator's own profile: nothing resolved or listed yet. */
    public Context context() {
        return context(Emulators.localStack() ? Emulation.LOCALSTACK : Emulation.EMULATOR);
    }

    /** A new run with another profile, e.g. {@link Emulation#NONE} for how yocto behaves against AWS. */
    public Context context(Emulation emulation) {
        return new Context(stack, emulator.region().id(), aws, emulation,
                (address, message) -> reports.add(address + ": " + message));
    }

    public AwsEmulator emulator() {
        return emulator;
    }

    public AwsClients aws() {
        return aws;
    }

    /** Observe, then create when absent, or update when it differs; the result is resolved for dependents. */
    public static <S> Live converge(Context context, Desired<S> desired, Optional<String> knownId) {
        Kind<S> kind = desired.kind();
        Optional<Live> observed = observe(context, desired, knownId);
        Live live;
        if (observed.isEmpty()) {
            live = kind.create(context, desired);
        } else {
            List<Difference> differences = kind.diff(context, desired, observed.get());
            live = differences.isEmpty() ? observed.get() : kind.update(context, desired, observed.get(), differences);
        }
        context.resolve(desired.address(), live);
        return live;
    }

    /** The compute layer's desired resource at {@code address}, as the topology makes it from {@code config}. */
    public static Desired<?> compute(StackConfig config, Address address) {
        return ComputeLayer.resources(config, Map.of()).stream()
                .filter(desired -> desired.address().equals(address)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the compute layer has no " + address));
    }

    /** The same for a stack with the default configuration. */
    public static Desired<?> compute(String stack, Address address) {
        return compute(ConfigLoader.parse("test", "stack: " + stack, Optional.empty(), "us-west-2"), address);
    }

    /** What its kind observes of a desired resource. */
    public static <S> Optional<Live> observe(Context context, Desired<S> desired, Optional<String> knownId) {
        return desired.kind().observe(context, desired.address(), Optional.of(desired.settings()), knownId);
    }

    /** Its kind's differences between a desired resource and what was observed. */
    public static <S> List<Difference> diff(Context context, Desired<S> desired, Live live) {
        return desired.kind().diff(context, desired, live);
    }

    public static <S> Map<String, String> desiredFields(Context context, Desired<S> desired) {
        return desired.kind().desiredFields(context, desired);
    }

    public static <S> Live create(Context context, Desired<S> desired) {
        return desired.kind().create(context, desired);
    }

    public static <S> Live update(Context context, Desired<S> desired, Live live, List<Difference> differences) {
        return desired.kind().update(context, desired, live, differences);
    }

    public static void delete(Context context, Desired<?> desired, Live live) {
        desired.kind().delete(context, desired.address(), live);
    }
}
