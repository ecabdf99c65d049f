package dev.yocto.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test class or method as part of the LocalStack suite: besides the moto run, the
 * {@code localstack} surefire execution of its module runs it against LocalStack (it selects this
 * tag). What LocalStack cannot run is not marked; the class or method says why with
 * {@link NotOnLocalStack}, so nothing is skipped at run time.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(LocalStackSuite.TAG)
public @interface LocalStackSuite {

    String TAG = "localstack";
}
