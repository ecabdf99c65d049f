package dev.yocto.engine.it;

import dev.yocto.engine.aws.CallCounter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Every AWS call of a run as {@code Service.Operation}, in order. */
final class CallLog implements ExecutionInterceptor {

    private final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        calls.add(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "." + CallCounter.operation(attributes));
    }

    List<String> all() {
        return List.copyOf(calls);
    }

    List<String> mutating() {
        return calls.stream().filter(call -> CallCounter.isMutating(call.substring(call.indexOf('.') + 1))).toList();
    }

    long count(String call) {
        return calls.stream().filter(call::equals).count();
    }
}
