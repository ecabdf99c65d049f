package dev.yocto.engine.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The global options of DESIGN §4. Accepted before and after the command name; a value given after
 * it wins. Unset values are null so the two places can be merged.
 */
public final class GlobalOptions {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Configuration file (default ./yocto.yaml if present).")
    Path config;

    @Option(names = "--state", paramLabel = "FILE|s3://BUCKET/PREFIX", description = "State file, or S3 location "
            + "(default: 'state' of yocto.yaml, else .yocto/<stack>.state.json; .yocto/local/... with --local).")
    String state;

    @Option(names = "--local", description = "Run against yocto's own AWS emulator (moto), started in the background on first use.")
    Boolean local;

    @Option(names = "--emulator", paramLabel = "NAME", description = "With --local: moto (default, every layer) or "
            + "localstack (the image .ci/setup-localstack builds, run in Docker; dns and network only).")
    String emulator;

    @Option(names = "--endpoint-url", paramLabel = "URL", description = "Send every AWS call to this endpoint (moto, LocalStack).")
    String endpointUrl;

    @Option(names = "--region", paramLabel = "REGION", description = "AWS region (default: yocto.yaml, then the SDK's region chain, then us-west-2).")
    String region;

    @Option(names = "--profile", paramLabel = "PROFILE", description = "AWS profile for credentials.")
    String profile;

    @Option(names = "--only", paramLabel = "LAYER", split = ",", description = "Only these layers (dns, network, data, compute) and what they depend on.")
    List<String> only;

    @Option(names = "--parallelism", paramLabel = "N", description = "AWS API calls and image builds in flight at once (default 8); any number of resources may wait for AWS meanwhile.")
    Integer parallelism;

    @Option(names = "--json", description = "Print exactly one JSON document on stdout.")
    Boolean json;

    @Option(names = "--no-color", description = "No colours (NO_COLOR is honoured too).")
    Boolean noColor;

    @Option(names = "--quiet", description = "Only the summary and errors.")
    Boolean quiet;

    @Option(names = "--verbose", description = "More detail, and stack traces on errors.")
    Boolean verbose;

    /** This object's values where set, else {@code fallback}'s. */
    GlobalOptions over(GlobalOptions fallback) {
        GlobalOptions merged = new GlobalOptions();
        merged.config = config != null ? config : fallback.config;
        merged.state = state != null ? state : fallback.state;
        merged.local = local != null ? local : fallback.local;
        merged.emulator = emulator != null ? emulator : fallback.emulator;
        merged.endpointUrl = endpointUrl != null ? endpointUrl : fallback.endpointUrl;
        merged.region = region != null ? region : fallback.region;
        merged.profile = profile != null ? profile : fallback.profile;
        merged.only = only != null ? only : fallback.only;
        merged.parallelism = parallelism != null ? parallelism : fallback.parallelism;
        merged.json = json != null ? json : fallback.json;
        merged.noColor = noColor != null ? noColor : fallback.noColor;
        merged.quiet = quiet != null ? quiet : fallback.quiet;
        merged.verbose = verbose != null ? verbose : fallback.verbose;
        return merged;
    }

    boolean local() {
        return Boolean.TRUE.equals(local);
    }

    /** The emulator --local starts. */
    boolean localStack() {
        return "localstack".equals(emulator);
    }

    boolean json() {
        return Boolean.TRUE.equals(json);
    }

    boolean quiet() {
        return Boolean.TRUE.equals(quiet);
    }

    boolean verbose() {
        return Boolean.TRUE.equals(verbose);
    }

    int parallelism() {
        return parallelism == null ? 8 : parallelism;
    }
}
