package dev.yocto.resources.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yocto.emulator.behaviour.AwsBehaviour;
import dev.yocto.emulator.behaviour.Settings;
import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * yocto's clients ride over throttling and 5xx: with the behaviour profile answering 30 % of the
 * attempts with AWS's faults, every call of a run succeeds, and a file upload sent again after a
 * fault arrives whole (its body is read anew for each attempt).
 */
@ExtendWith(EmulatorExtension.class)
class AwsClientsRetryTest {

    @TempDir
    Path directory;

    @Test
    void uploadsAndReadsSucceedUnderThirtyPercentFaults(AwsEmulator emulator) throws Exception {
        AwsBehaviour behaviour = new AwsBehaviour(Settings.none().withFaults(0.3, 42));
        try (AwsClients aws = new AwsClients(emulator.region(), Optional.of(emulator.endpoint()),
                emulator.credentials(), List.of(behaviour))) {
            S3Client s3 = aws.s3();
            s3.createBucket(r -> r.bucket("retry-uploads"));
            for (int i = 0; i < 12; i++) {
                Path file = directory.resolve("file-" + i + ".txt");
                Files.writeString(file, ("content of file " + i + "\n").repeat(1000));
                String key = "site/file-" + i + ".txt";
                s3.putObject(r -> r.bucket("retry-uploads").key(key), RequestBody.fromFile(file));
                String back = s3.getObjectAsBytes(r -> r.bucket("retry-uploads").key(key))
                        .asString(StandardCharsets.UTF_8);
                assertThat(back).isEqualTo(Files.readString(file));
            }
        }
        assertThat(behaviour.counts().faults()).as("faults answered").isPositive();
        assertThat(behaviour.counts().retries()).isEqualTo(behaviour.counts().faults());
        assertThat(behaviour.counts().calls()).isEqualTo(1 + 12 * 2);
    }
}
