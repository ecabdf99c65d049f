package dev.yocto.engine.it;

import dev.yocto.engine.aws.CallCounter;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Simulates a crash at the k-th mutating AWS call: the call reaches AWS and takes effect, then its
 * response is lost, the worst moment for idempotency. Only calls to the services {@code counted}
 * accepts (by SDK service name, e.g. "EC2") are counted.
 */
final class FaultInjector implements ExecutionInterceptor {

    private final int failAt;
    private final Predicate<String> counted;
    private final AtomicInteger mutating = new AtomicInteger();
    private volatile String failedOperation;

    FaultInjector(int failAt) {
        this(failAt, service -> true);
    }

    FaultInjector(int failAt, Predicate<String> counted) {
        this.failAt = failAt;
        this.counted = counted;
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        String operation = CallCounter.operation(attributes);
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        if (CallCounter.isMutating(operation) && counted.test(service) && mutating.incrementAndGet() == failAt) {
            failedOperation = operation;
            throw SdkClientException.create("injected crash after " + operation + " (mutating call #" + failAt + ")");
        }
        return context.response();
    }

    String failedOperation() {
        return failedOperation;
    }

    /** The mutating calls counted so far (all of them, when failAt is never reached). */
    int mutatingCalls() {
        return mutating.get();
    }
}
