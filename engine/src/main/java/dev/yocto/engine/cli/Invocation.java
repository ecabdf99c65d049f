package dev.yocto.engine.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Everything a command gets from the outside world, so that tests run the CLI in-process: output
 * streams, environment, working directory, whether stdin/stdout are a terminal, and extra SDK
 * interceptors (fault injection in tests).
 */
public record Invocation(PrintWriter out, PrintWriter err, BufferedReader in, Map<String, String> env,
                         Path workingDirectory, boolean terminal, List<ExecutionInterceptor> interceptors) {

    public static Invocation fromSystem() {
        return new Invocation(new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                new BufferedReader(new java.io.InputStreamReader(System.in)), System.getenv(),
                Path.of("").toAbsolutePath(), System.console() != null, List.of());
    }
}
