package dev.yocto.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Why a test is not part of the LocalStack suite (e.g. "RDS answers 501"). The suite never selects
 * it; should it run against LocalStack anyway ({@code YOCTO_TEST_EMULATOR=localstack} over every
 * test), it is disabled with this reason rather than failing on a service LocalStack lacks.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(NotOnLocalStack.Condition.class)
public @interface NotOnLocalStack {

    /** What LocalStack lacks, as the reader of a test report needs it. */
    String value();

    final class Condition implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (!Emulators.localStack()) {
                return ConditionEvaluationResult.enabled("runs against moto");
            }
            return context.getElement().map(element -> element.getAnnotation(NotOnLocalStack.class))
                    .map(reason -> ConditionEvaluationResult.disabled("not on LocalStack: " + reason.value()))
                    .orElseGet(() -> ConditionEvaluationResult.enabled("supported on LocalStack"));
        }
    }
}
