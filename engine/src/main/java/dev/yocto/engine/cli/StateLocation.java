package dev.yocto.engine.cli;

import dev.yocto.resources.api.AwsClients;
import dev.yocto.resources.config.StackConfig;
import dev.yocto.state.S3Location;
import dev.yocto.state.S3StateBackend;
import dev.yocto.state.StateBackend;
import dev.yocto.state.StateFile;
import java.nio.file.Path;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Where this command's state is: {@code --state}, else {@code state:} of yocto.yaml, else the local
 * file {@code .yocto/<stack>.state.json} ({@code .yocto/local/...} with {@code --local}). A value
 * {@code s3://bucket/prefix} means the S3 object {@code <prefix>/<stack>.state.json}.
 *
 * @param file        the local file, when the state is kept in one
 * @param s3          the S3 location, when the state is kept there
 * @param defaultFile the local file the state would be in without an S3 location: where a state to
 *                    migrate is looked for
 */
record StateLocation(Optional<Path> file, Optional<S3Location> s3, Path defaultFile) {

    static StateLocation of(GlobalOptions options, StackConfig config, Path workingDirectory) {
        // LocalStack and moto hold different resources: each --local emulator has its own state.
        Path stateDir = workingDirectory.resolve(!options.local() ? ".yocto"
                : options.localStack() ? ".yocto/local/localstack" : ".yocto/local");
        Path defaultFile = stateDir.resolve(config.stack() + ".state.json");
        String chosen = options.state != null ? options.state : config.state();
        if (chosen == null) {
            return new StateLocation(Optional.of(defaultFile), Optional.empty(), defaultFile);
        }
        if (S3Location.isS3(chosen)) {
            return new StateLocation(Optional.empty(), Optional.of(S3Location.parse(chosen)), defaultFile);
        }
        return new StateLocation(Optional.of(workingDirectory.resolve(chosen)), Optional.empty(), defaultFile);
    }

    /** What is wrong with a {@code --state} value, if anything. */
    static Optional<String> problem(String option) {
        return S3Location.isS3(option) ? S3Location.problem(option).map(p -> "--state: " + p) : Optional.empty();
    }

    boolean inS3() {
        return s3.isPresent();
    }

    /** The backend; {@code aws} is asked for a client only for S3. */
    StateBackend open(StackConfig config, java.util.function.Supplier<AwsClients> aws) {
        if (file.isPresent()) {
            return new StateFile(file.get());
        }
        return new S3StateBackend(client(aws.get(), config), s3.orElseThrow(), config.stack(), config.region());
    }

    /**
     * The state's own S3 client: the bucket may be in another region than the stack, which
     * cross-region access follows.
     */
    static S3Client client(AwsClients aws, StackConfig config) {
        return aws.client("s3-state", Region.of(config.region()),
                S3Client.builder().forcePathStyle(aws.endpointOverridden()).crossRegionAccessEnabled(true));
    }

    @Override
    public String toString() {
        return file.map(Path::toString).orElseGet(() -> s3.orElseThrow().toString());
    }
}
