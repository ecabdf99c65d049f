package dev.yocto.resources.compute.lb;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Every AWS call made through the clients it is installed in, as {@code Operation}, in order. */
public final class AwsCallLog implements ExecutionInterceptor {

    private final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        calls.add(String.valueOf(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)));
    }

    public List<String> all() {
        return List.copyOf(calls);
    }

    public void clear() {
        calls.clear();
    }

    public List<String> mutating() {
        return calls.stream().filter(call -> !(call.startsWith("Describe") || call.startsWith("List")
                || call.startsWith("Get"))).toList();
    }

    public long count(String operation) {
        return calls.stream().filter(operation::equals).count();
    }
}
