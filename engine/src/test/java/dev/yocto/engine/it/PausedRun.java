package dev.yocto.engine.it;

import dev.yocto.engine.cli.Invocation;
import dev.yocto.engine.cli.Main;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * A yocto run in a process of its own that holds every EC2 call, having taken the lock and read the
 * state, until a file appears (or for good), printing {@value #PAUSED} when it gets there: a real
 * second process for tests to be refused by, kill, or let race.
 * Arguments: working directory, resume file (or {@code -} for never), then yocto's arguments.
 */
final class PausedRun {

    static final String PAUSED = "PAUSED before its first EC2 call";

    private PausedRun() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        Path resume = args[1].equals("-") ? null : Path.of(args[1]);
        AtomicBoolean announced = new AtomicBoolean();
        ExecutionInterceptor hold = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (!"ec2".equalsIgnoreCase(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))) {
                    return;
                }
                if (announced.compareAndSet(false, true)) {
                    System.out.println(PAUSED);
                    System.out.flush();
                }
                while (resume == null || !Files.exists(resume)) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        };
        Invocation io = new Invocation(new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                new BufferedReader(new InputStreamReader(System.in)), System.getenv(), dir, false, List.of(hold));
        System.exit(Main.run(io, Arrays.copyOfRange(args, 2, args.length)));
    }
}
