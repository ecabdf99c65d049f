package dev.yocto.resources.api;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Holds a {@link Permits permit} while an attempt of an SDK call is on the wire: taken in
 * {@code beforeTransmission}, given back when the answer arrived ({@code afterTransmission}) or the
 * call ended without one. The SDK's backoff between attempts and yocto's {@link Poll} sleeps between
 * checks therefore hold none. It is the last interceptor of a client, so the emulator's behaviour
 * profile has already answered (a throttle, a modeled delete taking its time) before a permit is
 * taken: on AWS those happen at AWS, not in a call slot of ours.
 *
 * <p>Why permits around calls rather than async clients polled on a scheduler: every kind is written
 * against the synchronous SDK and {@code Poll}; one thread per resource in flight (a few dozen for
 * this stack) costs little on Java 17, and bounding the calls here covers every kind at once.
 */
final class PermitInterceptor implements ExecutionInterceptor {

    private static final ExecutionAttribute<Boolean> HOLDING = new ExecutionAttribute<>("yocto.permit");

    private final Permits permits;

    PermitInterceptor(Permits permits) {
        this.permits = permits;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (!Boolean.TRUE.equals(attributes.getAttribute(HOLDING))) {
            permits.acquire();
            attributes.putAttribute(HOLDING, true);
        }
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        release(attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        release(attributes);
    }

    private void release(ExecutionAttributes attributes) {
        if (Boolean.TRUE.equals(attributes.getAttribute(HOLDING))) {
            attributes.putAttribute(HOLDING, false);
            permits.release();
        }
    }
}
