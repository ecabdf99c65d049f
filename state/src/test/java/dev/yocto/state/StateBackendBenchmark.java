package dev.yocto.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the state adds to a no-change provision, per backend, in a warm JVM on moto: take the lock,
 * read the state, release the lock (a no-change run writes nothing). Prints the median and 90th
 * percentile of each, and checks the S3 calls it takes. Not part of the default test run (the name
 * does not end in Test); run it from the repository root with
 *
 * <pre>mvn -B -q -pl state -am verify -Dtest=StateBackendBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * The figures land in {@code state/target/surefire-reports/dev.yocto.state.StateBackendBenchmark-output.txt}.
 */
@ExtendWith(EmulatorExtension.class)
class StateBackendBenchmark {

    private static final int WARM_UP = 20;
    private static final int RUNS = 200;

    @TempDir
    Path dir;

    @Test
    void lockReadRelease_localFileAgainstS3(AwsEmulator emulator) {
        List<String> calls = new CopyOnWriteArrayList<>();
        ExecutionInterceptor log = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                calls.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
            }
        };
        String bucket = "bench-state-" + UUID.randomUUID().toString().substring(0, 6);
        String region = emulator.region().id();
        try (S3Client s3 = S3Client.builder().endpointOverride(emulator.endpoint()).region(emulator.region())
                .forcePathStyle(true).credentialsProvider(emulator.credentials())
                .overrideConfiguration(c -> c.addExecutionInterceptor(log)).build()) {
            StateBucket.ensure(s3, bucket, region);
            S3Location location = S3Location.parse("s3://" + bucket + "/bench");
            StackState state = StackState.empty("bench", region);
            new StateStore(new StateFile(dir.resolve("bench.state.json"))).save(state);
            new StateStore(new S3StateBackend(s3, location, "bench", region)).save(state);

            report("local file", () -> new StateFile(dir.resolve("bench.state.json")), region);
            calls.clear();
            report("S3", () -> new S3StateBackend(s3, location, "bench", region), region);

            assertThat(calls).as("S3 calls per run").hasSize(3 * (WARM_UP + RUNS));
            assertThat(calls.subList(0, 3)).containsExactly("PutObject", "GetObject", "DeleteObject");
        }
    }

    private static void report(String name, Supplier<StateBackend> backends, String region) {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < WARM_UP + RUNS; i++) {
            StateBackend backend = backends.get();
            long start = System.nanoTime();
            try (StateBackend.Lock ignored = backend.lock("provision")) {
                new StateStore(backend).load("bench", region).orElseThrow();
            }
            if (i >= WARM_UP) {
                millis.add((System.nanoTime() - start) / 1e6);
            }
        }
        Collections.sort(millis);
        System.out.printf(Locale.ROOT, "%-10s lock + read + release: median %.1f ms, p90 %.1f ms (%d runs)%n", name,
                millis.get(RUNS / 2), millis.get(RUNS * 9 / 10), RUNS);
    }
}
