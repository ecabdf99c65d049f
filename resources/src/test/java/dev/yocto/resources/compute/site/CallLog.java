package dev.yocto.resources.compute.site;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Records the AWS operations of a run (and the keys of PutObject); can fail one operation, as a crash
 * at that point would.
 */
final class CallLog implements ExecutionInterceptor {

    final List<String> operations = new CopyOnWriteArrayList<>();
    final List<String> putKeys = new CopyOnWriteArrayList<>();
    private final Set<String> failing;

    CallLog() {
        this(Set.of());
    }

    private CallLog(Set<String> failing) {
        this.failing = failing;
    }

    /** A log whose calls of {@code operation} fail before reaching AWS. */
    static CallLog failing(String operation) {
        return new CallLog(Set.of(operation));
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        operations.add(operation);
        SdkRequest request = context.request();
        if (request instanceof PutObjectRequest put) {
            putKeys.add(put.key());
        }
        if (failing.contains(operation)) {
            throw new IllegalStateException("injected failure of " + operation);
        }
    }

    List<String> mutating() {
        return operations.stream().filter(operation -> !(operation.startsWith("Get") || operation.startsWith("List")
                || operation.startsWith("Head") || operation.startsWith("Describe"))).toList();
    }

    long count(String operation) {
        return operations.stream().filter(operation::equals).count();
    }

    void clear() {
        operations.clear();
        putKeys.clear();
    }
}
