package dev.yocto.emulator.behaviour;

import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.ecs.model.DeleteServiceRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbClusterRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbInstanceRequest;

/**
 * The AWS behaviour profile: gives an emulator AWS's manners, as an SDK interceptor added to every
 * client of a run. Each attempt (the SDK calls {@code beforeTransmission} once per attempt, inside
 * its retry loop) first takes AWS's latency, then may be answered, before it reaches the emulator,
 * with a throttle or 5xx ({@link Faults}), a refusal ({@link Refusal}) or the not-found of a
 * just-created resource; the answer is the exception the SDK would have built from AWS's error, so
 * retry strategies and yocto's error handling see what AWS would send. Successful responses are
 * recorded and rewritten by the time model ({@link TimeRewrites}). What it saw lives in this
 * object: share one instance across the runs of a test.
 */
public final class AwsBehaviour implements ExecutionInterceptor {

    /** AWS control-plane latency per call, assumed typical (not a published figure): reads, then writes. */
    static final Duration READ_LATENCY = Duration.ofMillis(100);
    static final Duration WRITE_LATENCY = Duration.ofMillis(300);

    private final Settings settings;
    private final Stats stats = new Stats();
    private final Faults faults;
    private final TimeRewrites phases;
    private final Refusals refusals;

    public AwsBehaviour(Settings settings) {
        this.settings = settings;
        Timeline timeline = new Timeline();
        this.faults = new Faults(settings.faultRate(), settings.seed());
        this.phases = new TimeRewrites(settings, timeline, stats);
        this.refusals = new Refusals(settings, timeline, phases);
    }

    /** The profile {@code YOCTO_AWS_BEHAVIOUR} asks for, if set (see {@link Settings#parse}). */
    public static Optional<AwsBehaviour> fromEnvironment(java.util.Map<String, String> env) {
        String spec = env.get(Settings.VARIABLE);
        return spec == null || spec.isBlank() || spec.equals("off") ? Optional.empty()
                : Optional.of(new AwsBehaviour(Settings.parse(spec)));
    }

    public Settings settings() {
        return settings;
    }

    public Stats.Counts counts() {
        return stats.counts();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        stats.calls.incrementAndGet();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        stats.attempts.incrementAndGet();
        SdkRequest request = context.request();
        String operation = ServiceErrors.service(request) + ":" + operation(attributes);
        if (settings.latency()) {
            sleep(settings.scaled(mutating(operation) ? WRITE_LATENCY : READ_LATENCY));
        }
        Optional<ServiceErrors.Error> fault = faults.next(operation, ServiceErrors.transientErrors(request));
        if (fault.isPresent()) {
            stats.faults.incrementAndGet();
            stats.answered(fault.get().code());
            throw ServiceErrors.of(request, fault.get());
        }
        Optional<Refusals.Refused> refused = refusals.refusal(request);
        if (refused.isPresent()) {
            stats.refusals.incrementAndGet();
            stats.answered(refused.get().refusal().id());
            throw refused.get().exception();
        }
        Optional<software.amazon.awssdk.awscore.exception.AwsServiceException> notFound = refusals.notFound(request);
        if (notFound.isPresent()) {
            stats.notFound.incrementAndGet();
            stats.answered(notFound.get().awsErrorDetails().errorCode());
            throw notFound.get();
        }
        if (settings.timeModel()) {
            deletePhase(request).ifPresent(AwsBehaviour::sleep);
        }
    }

    /**
     * Deletes moto completes at once and then forgets (it has no "deleting" state to rewrite): the
     * call itself takes the modeled delete phase.
     */
    private Optional<Duration> deletePhase(SdkRequest request) {
        if (request instanceof DeleteDbClusterRequest) {
            return Optional.of(phases.phase(TimeRewrites.CLUSTER, "delete"));
        } else if (request instanceof DeleteDbInstanceRequest) {
            return Optional.of(phases.phase(TimeRewrites.INSTANCE, "delete"));
        } else if (request instanceof DeleteServiceRequest) {
            return Optional.of(phases.phase(TimeRewrites.SERVICE, "delete"));
        }
        return Optional.empty();
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        phases.record(context.request(), context.response());
        return phases.rewrite(context.response());
    }

    private static String operation(ExecutionAttributes attributes) {
        String name = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        return name == null ? "" : name;
    }

    private static boolean mutating(String operation) {
        String name = operation.substring(operation.indexOf(':') + 1);
        return !(name.startsWith("Describe") || name.startsWith("List") || name.startsWith("Get")
                || name.startsWith("Head"));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis(), (int) (duration.toNanosPart() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
