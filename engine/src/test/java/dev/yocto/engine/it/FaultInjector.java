package dev.yocto.engine.it;

import dev.yocto.engine.aws.CallCounter;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Simulates a crash at the k-th mutating AWS call: the call reaches AWS and takes effect, then its
 * response is lost, the worst moment for idempotency.
 */
final class FaultInjector implements ExecutionInterceptor {

    private final int failAt;
    private final AtomicInteger mutating = new AtomicInteger();
    private volatile String failedOperation;

    FaultInjector(int failAt) {
        this.failAt = failAt;
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        String operation = CallCounter.operation(attributes);
        if (CallCounter.isMutating(operation) && mutating.incrementAndGet() == failAt) {
            failedOperation = operation;
            throw SdkClientException.create("injected crash after " + operation + " (mutating call #" + failAt + ")");
        }
        return context.response();
    }

    String failedOperation() {
        return failedOperation;
    }
}
