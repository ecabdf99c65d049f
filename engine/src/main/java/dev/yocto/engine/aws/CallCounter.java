package dev.yocto.engine.aws;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the AWS API calls of a run (once per call, not per retry), split into reads and mutations,
 * and the SDK's retries (attempts beyond each call's first).
 */
public final class CallCounter implements ExecutionInterceptor {

    private final AtomicInteger total = new AtomicInteger();
    private final AtomicInteger mutating = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();

    /** Describe/List/Get/Head calls read; everything else changes something. */
    public static boolean isMutating(String operation) {
        return !(operation.startsWith("Describe") || operation.startsWith("List") || operation.startsWith("Get")
                || operation.startsWith("Head") || operation.startsWith("Lookup"));
    }

    public static String operation(ExecutionAttributes attributes) {
        String name = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        return name == null ? "" : name;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        total.incrementAndGet();
        if (isMutating(operation(attributes))) {
            mutating.incrementAndGet();
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        attempts.incrementAndGet();
    }

    /** Attempts the SDK's retry strategy made beyond the first of each call. */
    public int retries() {
        return Math.max(0, attempts.get() - total.get());
    }

    public int total() {
        return total.get();
    }

    public int mutating() {
        return mutating.get();
    }
}
