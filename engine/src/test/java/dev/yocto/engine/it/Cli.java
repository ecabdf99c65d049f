package dev.yocto.engine.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.yocto.engine.cli.Invocation;
import dev.yocto.engine.cli.Main;
import dev.yocto.testkit.AwsEmulator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Runs the yocto CLI in-process against the test emulator, in its own working directory. */
final class Cli {

    record Result(int exitCode, String out, String err) {

        JsonNode json() {
            try {
                ObjectMapper mapper = new ObjectMapper();
                var parser = mapper.getFactory().createParser(out);
                JsonNode document = mapper.readTree(parser);
                if (parser.nextToken() != null) {
                    throw new AssertionError("stdout holds more than one JSON document:\n" + out);
                }
                return document;
            } catch (IOException e) {
                throw new AssertionError("stdout is not one JSON document: " + e.getMessage() + "\n" + out, e);
            }
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private final AwsEmulator emulator;
    private final Path workingDirectory;
    private final String stack;
    private final String layers;
    private final Map<String, String> environment = new java.util.TreeMap<>();
    private boolean terminal;
    private String input = "";

    /** For the network layer alone. */
    Cli(AwsEmulator emulator, Path workingDirectory, String stack) {
        this(emulator, workingDirectory, stack, "network");
    }

    /** For the given layers, e.g. {@code "dns,network,data"} (passed as {@code --only}). */
    Cli(AwsEmulator emulator, Path workingDirectory, String stack, String layers) {
        this.emulator = emulator;
        this.workingDirectory = workingDirectory;
        this.stack = stack;
        this.layers = layers;
        environment.put("AWS_REGION", emulator.region().id());
    }

    /** The same CLI (directory, stack, environment) for other layers. */
    Cli only(String otherLayers) {
        Cli other = new Cli(emulator, workingDirectory, stack, otherLayers);
        other.environment.putAll(environment);
        return other;
    }

    /** Sets a variable of the environment the CLI sees (besides AWS_REGION). */
    Cli environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** The same CLI, as if on a terminal where the user types {@code typed}. */
    Cli onTerminal(String typed) {
        Cli other = only(layers);
        other.terminal = true;
        other.input = typed;
        return other;
    }

    Path statePath() {
        return workingDirectory.resolve(".yocto").resolve(stack + ".state.json");
    }

    /** A command against the emulator, for this test's stack: {@code run("provision", "--json")}. */
    Result run(String... args) {
        return run(List.of(), args);
    }

    Result run(List<ExecutionInterceptor> interceptors, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint-url", emulator.endpoint().toString(), "--only", layers));
        return raw(interceptors, all.toArray(String[]::new));
    }

    /** Exactly these arguments, no endpoint added. */
    Result raw(List<ExecutionInterceptor> interceptors, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Invocation io = new Invocation(new PrintWriter(out, true), new PrintWriter(err, true),
                new BufferedReader(new StringReader(input)),
                Map.copyOf(environment),
                workingDirectory, terminal, interceptors);
        int code = Main.run(io, withStack(args));
        return new Result(code, out.toString(), err.toString());
    }

    /** Writes a yocto.yaml naming the stack in the working directory, unless one is there or named ({@code -c}). */
    private String[] withStack(String[] args) {
        if (List.of(args).contains("-c") || List.of(args).contains("--config")) {
            return args;
        }
        Path config = workingDirectory.resolve("yocto.yaml");
        try {
            if (!java.nio.file.Files.exists(config)) {
                java.nio.file.Files.writeString(config, "stack: " + stack + "\n");
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return args;
    }
}
